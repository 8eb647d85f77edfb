using Containerize.Oci.Digests;
using Containerize.Oci.Registry;
using Containerize.TestSupport;

namespace Containerize.Oci.Tests.Registry;

/// <summary>The record of which repositories hold a blob: its files, their order and bound, and what it does with damage and races.</summary>
public sealed class BlobLocationsTests
{
    private static readonly Digest s_blob = Digest.ComputeSha256("a layer"u8.ToArray());

    private readonly BlobLocations _locations = new(RepositoryPaths.CreateWorkDirectory("blob-locations"));

    [Fact]
    public void RepositoriesAreKeptOnePerLineNewestFirstUnderTheEscapedHost()
    {
        _locations.Record("127.0.0.1:5000", "team/a", [s_blob]);
        _locations.Record("127.0.0.1:5000", "team/b", [s_blob, s_blob]);
        _locations.Record("127.0.0.1:5000", "team/a", [s_blob]);

        string path = _locations.GetPath("127.0.0.1:5000", s_blob);
        Assert.Equal(Path.Combine(_locations.RootDirectory, "127.0.0.1_3a5000", s_blob.Encoded), path);
        Assert.Equal("team/a\nteam/b\n", File.ReadAllText(path));
        Assert.Equal(["team/a", "team/b"], _locations.Find("127.0.0.1:5000", s_blob));
        Assert.Empty(_locations.Find("127.0.0.1:5001", s_blob));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp-*"));
    }

    [Fact]
    public void HostsThatDifferOnlyInPunctuationGetTheirOwnFolders()
    {
        Assert.Equal("registry.example", BlobLocations.EscapeHost("Registry.Example"));
        Assert.Equal("_5b_3a_3a1_5d_3a5000", BlobLocations.EscapeHost("[::1]:5000"));
        Assert.NotEqual(BlobLocations.EscapeHost("host:5000"), BlobLocations.EscapeHost("host_5000"));
    }

    [Fact]
    public void OnlyTheMostRecentRepositoriesAreKept()
    {
        for (int index = 0; index < BlobLocations.MaxRepositoriesPerBlob + 3; index++)
        {
            _locations.Record("registry.example", $"app{index}", [s_blob]);
        }

        IReadOnlyList<string> known = _locations.Find("registry.example", s_blob);
        Assert.Equal(BlobLocations.MaxRepositoriesPerBlob, known.Count);
        Assert.Equal($"app{BlobLocations.MaxRepositoriesPerBlob + 2}", known[0]);
        Assert.DoesNotContain("app0", known);
    }

    [Fact]
    public void ForgottenRepositoriesAndDamagedLinesAreNeverOffered()
    {
        _locations.Record("registry.example", "good/one", [s_blob]);
        File.AppendAllText(_locations.GetPath("registry.example", s_blob), "Not A Name\n\n../escape?x=1\ngood/two\n");
        Assert.Equal(["good/one", "good/two"], _locations.Find("registry.example", s_blob));

        _locations.Forget("registry.example", "good/one", s_blob);
        Assert.Equal(["good/two"], _locations.Find("registry.example", s_blob));
    }

    [Fact]
    public void BuildsRecordingAtOnceLeaveAWholeFile()
    {
        // Concurrent writers may lose each other's line (a lost hint), but every file a reader sees is complete.
        Parallel.For(0, 64, index => _locations.Record("registry.example", $"app{index % 16}", [s_blob]));

        IReadOnlyList<string> known = _locations.Find("registry.example", s_blob);
        Assert.InRange(known.Count, 1, BlobLocations.MaxRepositoriesPerBlob);
        Assert.All(File.ReadAllLines(_locations.GetPath("registry.example", s_blob)), line => Assert.Matches("^app[0-9]+$", line));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(_locations.GetPath("registry.example", s_blob))!, "*.tmp-*"));
    }
}
