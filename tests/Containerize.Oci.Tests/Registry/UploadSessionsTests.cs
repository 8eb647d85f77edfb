using Containerize.Oci.Digests;
using Containerize.Oci.Registry;
using Containerize.Oci.Registry.Steps;
using Containerize.TestSupport;

namespace Containerize.Oci.Tests.Registry;

/// <summary>What the cache keeps of an upload session, and how a registry's <c>Range</c> answer is read.</summary>
public sealed class UploadSessionsTests
{
    private static readonly Digest s_digest = Digest.Parse("sha256:" + new string('a', 64));

    [Fact]
    public void A_session_is_recorded_by_rename_found_for_its_repository_only_and_forgotten()
    {
        var sessions = new UploadSessions(RepositoryPaths.CreateWorkDirectory("sessions"));
        var location = new Uri("https://registry.example:5000/v2/team/app/blobs/uploads/1234?_state=abc%3D");
        sessions.Record("registry.example:5000", "team/app", s_digest, location, 16777216);

        UploadSession? found = sessions.Find("registry.example:5000", "team/app", s_digest);
        Assert.NotNull(found);
        Assert.Equal(location, found.Location);
        Assert.Equal(16777216, found.Offset);
        Assert.Null(sessions.Find("registry.example:5000", "team/other", s_digest));
        Assert.Equal([Path.GetFileName(sessions.GetPath("registry.example:5000", s_digest))], Directory.GetFiles(Path.GetDirectoryName(sessions.GetPath("registry.example:5000", s_digest))!).Select(Path.GetFileName));

        sessions.Forget("registry.example:5000", s_digest);
        Assert.Null(sessions.Find("registry.example:5000", "team/app", s_digest));
    }

    [Theory]
    [InlineData("https://bucket.s3.amazonaws.com/upload?X-Amz-Signature=deadbeef&X-Amz-Credential=AKIA")]
    [InlineData("https://store.blob.core.windows.net/u/1?sv=2020&sig=c2VjcmV0")]
    [InlineData("https://registry.example/v2/a/blobs/uploads/1?access_token=secret")]
    [InlineData("https://user:secret@registry.example/v2/a/blobs/uploads/1")]
    public void A_location_that_may_carry_a_credential_is_never_written(string location)
    {
        var sessions = new UploadSessions(RepositoryPaths.CreateWorkDirectory("sessions"));
        sessions.Record("registry.example", "a", s_digest, new Uri(location), 5);

        Assert.False(File.Exists(sessions.GetPath("registry.example", s_digest)));
        Assert.Null(sessions.Find("registry.example", "a", s_digest));
    }

    [Theory]
    [InlineData("0-16777215", 16777215)]
    [InlineData("bytes=0-99", 99)]
    [InlineData("0-0", 0)]
    [InlineData(null, -2)]
    [InlineData("", -2)]
    [InlineData("5-10", -2)]
    [InlineData("0--1", -2)]
    [InlineData("0-x", -2)]
    public void The_range_end_is_the_last_byte_received(string? range, long expected) => Assert.Equal(expected, BlobUploader.ParseRangeEnd(range));
}
