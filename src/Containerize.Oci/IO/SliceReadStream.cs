namespace Containerize.Oci.IO;

/// <summary>A read-only window of <c>length</c> bytes of a seekable stream, from <c>offset</c> on (one entry of an uncompressed tar).</summary>
internal sealed class SliceReadStream : ReadOnlyWrapperStream
{
    private long _remaining;

    public SliceReadStream(Stream inner, long offset, long length)
        : base(inner)
    {
        inner.Seek(offset, SeekOrigin.Begin);
        _remaining = length;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_remaining == 0)
        {
            return 0;
        }

        int read = await Inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken).ConfigureAwait(false);
        _remaining -= read;
        return read;
    }

    public override int Read(Span<byte> buffer)
    {
        if (_remaining == 0)
        {
            return 0;
        }

        int read = Inner.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
        _remaining -= read;
        return read;
    }
}
