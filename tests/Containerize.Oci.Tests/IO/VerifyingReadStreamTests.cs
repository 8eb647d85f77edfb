using Containerize.Oci.Digests;
using Containerize.Oci.IO;

namespace Containerize.Oci.Tests.IO;

/// <summary>The one verifying reader: matching bytes pass, and every way of differing fails with the owner's exception.</summary>
public sealed class VerifyingReadStreamTests
{
    private static readonly byte[] s_content = "hello"u8.ToArray();
    private static readonly Digest s_digest = Digest.ComputeSha256(s_content);

    [Fact]
    public async Task Matching_bytes_read_through()
    {
        await using var stream = new VerifyingReadStream(new MemoryStream(s_content), s_digest, s_content.Length, mismatch => new InvalidOperationException(mismatch.Describe()));
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        Assert.Equal(s_content, copy.ToArray());
        Assert.Null(await VerifyingReadStream.FindMismatchAsync(new MemoryStream(s_content), s_digest, s_content.Length, default));
    }

    [Theory]
    [InlineData("hellO", "hashes to sha256:")]
    [InlineData("hell", "has 4 bytes, not 5")]
    [InlineData("hello!", "more than the 5 bytes")]
    public async Task Different_bytes_fail_with_the_owners_exception_naming_what_differs(string actual, string described)
    {
        var stream = new VerifyingReadStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(actual)), s_digest, s_content.Length, mismatch => new InvalidOperationException(mismatch.Describe()));

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => stream.CopyToAsync(Stream.Null));

        Assert.Contains(described, exception.Message, StringComparison.Ordinal);
        BlobMismatch? found = await VerifyingReadStream.FindMismatchAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(actual)), s_digest, s_content.Length, default);
        Assert.Contains(described, found!.Value.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bytes_past_the_size_are_never_handed_on()
    {
        byte[] longer = new byte[3 * 81920];
        var stream = new VerifyingReadStream(new MemoryStream(longer), s_digest, 10, mismatch => new InvalidOperationException(mismatch.Describe()));
        byte[] buffer = new byte[81920];

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await stream.ReadAtLeastAsync(buffer, buffer.Length));
    }
}
