using System.Security.Cryptography;
using Containerize.Oci.Digests;
using Containerize.Oci.Errors;
using Containerize.Oci.IO;

namespace Containerize.Oci.Registry.Steps;

/// <summary>
/// Hashes a blob while it is read and, at its end, fails with <see cref="ErrorCodes.RegistryDigestMismatch"/> when
/// the size or sha256 differs from the descriptor: downloaded bytes are never trusted unchecked.
/// </summary>
internal sealed class DigestVerifyingStream : ReadOnlyWrapperStream
{
    private readonly Digest _expected;
    private readonly long _expectedSize;
    private readonly string _origin;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _read;
    private bool _verified;

    public DigestVerifyingStream(Stream inner, Digest expected, long expectedSize, string origin)
        : base(inner)
    {
        _expected = expected;
        _expectedSize = expectedSize;
        _origin = origin;
    }

    public override long Length => _expectedSize;

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Account(buffer.Span[..read]);
        return read;
    }

    public override int Read(Span<byte> buffer)
    {
        int read = Inner.Read(buffer);
        Account(buffer[..read]);
        return read;
    }

    private void Account(ReadOnlySpan<byte> data)
    {
        _read += data.Length;
        if (_read > _expectedSize)
        {
            throw Mismatch($"more than the {_expectedSize} bytes its descriptor says");
        }

        _hash.AppendData(data);
        if (data.Length == 0 && !_verified)
        {
            _verified = true;
            Digest actual = Digest.FromSha256Hash(_hash.GetHashAndReset());
            if (_read != _expectedSize)
            {
                throw Mismatch($"{_read} bytes, not {_expectedSize}");
            }

            if (actual != _expected)
            {
                throw Mismatch($"content with digest {actual}");
            }
        }
    }

    private ContainerizeException Mismatch(string what) => new(ErrorCodes.RegistryDigestMismatch,
        $"Blob {_expected} from {_origin} arrived as {what}.",
        "The download was corrupted or the registry serves wrong content; try again, and report it if it persists.");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
