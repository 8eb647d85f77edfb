using System.Security.Cryptography;
using Containerize.Oci.IO;

namespace Containerize.Oci.Validation;

/// <summary>A read-only pass-through stream that hashes and counts every byte read.</summary>
internal sealed class HashingReadStream(Stream inner, IncrementalHash hash) : ReadOnlyWrapperStream(inner)
{
    public long BytesRead { get; private set; }

    public override int Read(Span<byte> buffer) => Account(buffer, Inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span, read);
    }

    private int Account(ReadOnlySpan<byte> buffer, int read)
    {
        hash.AppendData(buffer[..read]);
        BytesRead += read;
        return read;
    }
}
