namespace Containerize.Oci.IO;

/// <summary>A read-only stream of some already-read bytes followed by the rest of another stream (for sniffing magic bytes).</summary>
internal sealed class PrefixedStream : ReadOnlyWrapperStream
{
    private ReadOnlyMemory<byte> _prefix;

    public PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest)
        : base(rest)
    {
        _prefix = prefix;
    }

    public override int Read(Span<byte> buffer)
    {
        if (_prefix.Length > 0)
        {
            int count = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..count].CopyTo(buffer);
            _prefix = _prefix[count..];
            return count;
        }

        return Inner.Read(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_prefix.Length > 0)
        {
            return Read(buffer.Span);
        }

        return await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
    }
}
