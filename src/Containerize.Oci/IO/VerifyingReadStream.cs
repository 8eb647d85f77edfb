using System.Security.Cryptography;
using Containerize.Oci.Digests;

namespace Containerize.Oci.IO;

/// <summary>
/// The one verifying reader every blob source returns (go-containerregistry's <c>internal/verify</c>): it hashes the
/// bytes as they are read and, at the end, throws the exception its owner makes from a <see cref="BlobMismatch"/> when
/// the size or sha256 differs from the descriptor. More bytes than the descriptor says fail at once, so nothing past
/// the size is ever passed on. No caller checks a blob by other means; each source only says what a mismatch means
/// for its files (a damaged local base, a damaged cache copy, a corrupted download).
/// </summary>
internal sealed class VerifyingReadStream : ReadOnlyWrapperStream
{
    private readonly Digest _expected;
    private readonly long _expectedSize;
    private readonly Func<BlobMismatch, Exception> _mismatch;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _read;
    private bool _verified;

    /// <param name="mismatch">Makes the exception thrown when the bytes do not match (it may also clean up, such as deleting a damaged copy).</param>
    public VerifyingReadStream(Stream inner, Digest expected, long expectedSize, Func<BlobMismatch, Exception> mismatch)
        : base(inner)
    {
        _expected = expected;
        _expectedSize = expectedSize;
        _mismatch = mismatch;
    }

    /// <summary>The descriptor's size: what a reader that reads to the end gets, or the read fails.</summary>
    public override long Length => _expectedSize;

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Account(buffer.Span[..read], endOfStream: read == 0 && buffer.Length > 0);
        return read;
    }

    public override int Read(Span<byte> buffer)
    {
        int read = Inner.Read(buffer);
        Account(buffer[..read], endOfStream: read == 0 && buffer.Length > 0);
        return read;
    }

    /// <summary>Reads <paramref name="content"/> to its end and says how it differs from the digest and size, or null when it matches.</summary>
    public static async Task<BlobMismatch?> FindMismatchAsync(Stream content, Digest expected, long expectedSize, CancellationToken cancellationToken)
    {
        BlobMismatch? found = null;
        var verifying = new VerifyingReadStream(content, expected, expectedSize, mismatch =>
        {
            found = mismatch;
            return new MismatchFoundException();
        });
        await using (verifying.ConfigureAwait(false))
        {
            try
            {
                await verifying.CopyToAsync(Null, 1024 * 1024, cancellationToken).ConfigureAwait(false);
            }
            catch (MismatchFoundException)
            {
            }
        }

        return found;
    }

    private void Account(ReadOnlySpan<byte> data, bool endOfStream)
    {
        _read += data.Length;
        if (_read > _expectedSize)
        {
            _verified = true;
            throw _mismatch(new BlobMismatch(_expected, _expectedSize, Actual: null, _read));
        }

        _hash.AppendData(data);
        if (endOfStream && !_verified)
        {
            _verified = true;
            Digest actual = Digest.FromSha256Hash(_hash.GetHashAndReset());
            if (_read != _expectedSize || actual != _expected)
            {
                throw _mismatch(new BlobMismatch(_expected, _expectedSize, actual, _read));
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class MismatchFoundException : Exception;
}

/// <summary>How a blob's bytes differ from its descriptor; <see cref="Actual"/> is null when it ran past the size (not hashed to the end).</summary>
internal readonly record struct BlobMismatch(Digest Expected, long ExpectedSize, Digest? Actual, long ActualSize)
{
    /// <summary>"has 12 bytes, not 10" or "hashes to sha256:…": what is wrong, for messages.</summary>
    public string Describe() =>
        Actual is null ? $"has more than the {ExpectedSize} bytes its descriptor says"
        : ActualSize != ExpectedSize ? $"has {ActualSize} bytes, not {ExpectedSize}"
        : $"hashes to {Actual}, not {Expected}";
}
