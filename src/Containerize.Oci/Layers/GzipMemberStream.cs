using System.Buffers.Binary;
using System.IO.Compression;

namespace Containerize.Oci.Layers;

/// <summary>
/// Writes one gzip member whose header is ours, not zlib's: no name, mtime 0, XFL 0 and OS 255 ("unknown"), so the
/// bytes around the deflate stream do not depend on the platform (zlib writes its build's OS code). The body is a raw
/// deflate stream at a fixed level; the trailer is the CRC-32 and length of the uncompressed bytes (RFC 1952).
/// Call <see cref="FinishAsync"/> after the last write.
/// </summary>
internal sealed class GzipMemberStream : Stream
{
    private static readonly byte[] s_header = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 255];

    private readonly Stream _inner;
    private readonly DeflateStream _deflate;
    private readonly Crc32 _crc = new();
    private long _length;
    private bool _headerWritten;
    private bool _finished;

    public GzipMemberStream(Stream inner, CompressionLevel level)
    {
        _inner = inner;
        _deflate = new DeflateStream(inner, level, leaveOpen: true);
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_finished;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        await WriteHeaderOnceAsync(cancellationToken).ConfigureAwait(false);
        _crc.Append(buffer.Span);
        _length += buffer.Length;
        await _deflate.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Ends the deflate stream and writes the trailer. The inner stream stays open.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        if (_finished)
        {
            return;
        }

        await WriteHeaderOnceAsync(cancellationToken).ConfigureAwait(false);
        await _deflate.DisposeAsync().ConfigureAwait(false);
        byte[] trailer = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, _crc.Value);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(4), unchecked((uint)_length));
        await _inner.WriteAsync(trailer, cancellationToken).ConfigureAwait(false);
        _finished = true;
    }

    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("Write asynchronously.");

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _deflate.Dispose();
        }

        base.Dispose(disposing);
    }

    private async ValueTask WriteHeaderOnceAsync(CancellationToken cancellationToken)
    {
        if (!_headerWritten)
        {
            _headerWritten = true;
            await _inner.WriteAsync(s_header, cancellationToken).ConfigureAwait(false);
        }
    }
}
