using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;

namespace Containerize.Oci.Layers;

/// <summary>
/// Writes one gzip member (RFC 1952) whose deflate body is compressed in parallel, yet comes out the same on any
/// number of cores. The input is cut into segments of exactly <see cref="SegmentSize"/> bytes (the last one shorter);
/// each is compressed on its own, handed to the compressor in one write, and ended with a sync flush, so it stops on a
/// byte boundary with no final block. The segments are written in order and closed by an empty final block. Each
/// segment's bytes depend only on its input, and the cut points only on the input's length, so scheduling cannot
/// change the result; zlib-ng's output depends on write sizes, which are fixed here. A back-reference never crosses
/// a segment, which costs well under 1% of the size at 1 MiB segments.
/// The header is ours, not zlib's: no name, mtime 0, XFL 0 and OS 255, so it does not depend on the platform.
/// Call <see cref="FinishAsync"/> after the last write.
/// </summary>
internal sealed class SegmentedGzipStream : Stream
{
    /// <summary>Part of the layer format (<see cref="LayerBlobWriter.FormatVersion"/>): changing it changes every digest.</summary>
    public const int SegmentSize = 1 << 20;

    private static readonly byte[] s_header = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 255];

    /// <summary>A final, fixed-Huffman block holding only end-of-block: what ends a deflate stream after a sync flush.</summary>
    private static readonly byte[] s_finalBlock = [0x03, 0x00];

    private readonly Stream _inner;
    private readonly CompressionLevel _level;
    private readonly int _maxInFlight;
    private readonly Queue<Task<CompressedSegment>> _inFlight = new();
    private readonly Crc32 _crc = new();
    private byte[] _segment;
    private int _segmentLength;
    private long _length;
    private bool _headerWritten;
    private bool _finished;

    public SegmentedGzipStream(Stream inner, CompressionLevel level)
        : this(inner, level, DefaultMaxInFlight)
    {
    }

    /// <param name="maxInFlight">How many segments may be compressing at once (tests vary it to show it changes no byte).</param>
    internal SegmentedGzipStream(Stream inner, CompressionLevel level, int maxInFlight)
    {
        _inner = inner;
        _level = level;
        _maxInFlight = Math.Max(1, maxInFlight);
        _segment = ArrayPool<byte>.Shared.Rent(SegmentSize);
    }

    /// <summary>Enough segments in flight to keep every core busy while the oldest is written out; memory stays a few MiB per core.</summary>
    private static int DefaultMaxInFlight => Math.Clamp(Environment.ProcessorCount, 1, 16) + 1;

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
        _crc.Append(buffer.Span);
        _length += buffer.Length;
        while (!buffer.IsEmpty)
        {
            int length = Math.Min(buffer.Length, SegmentSize - _segmentLength);
            buffer.Span[..length].CopyTo(_segment.AsSpan(_segmentLength));
            _segmentLength += length;
            buffer = buffer[length..];
            if (_segmentLength == SegmentSize)
            {
                await StartSegmentAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Compresses what is left, writes every segment, the final block and the trailer. The inner stream stays open.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        if (_finished)
        {
            return;
        }

        if (_segmentLength > 0)
        {
            await StartSegmentAsync(cancellationToken).ConfigureAwait(false);
        }

        while (_inFlight.Count > 0)
        {
            await WriteOldestAsync(cancellationToken).ConfigureAwait(false);
        }

        await WriteHeaderOnceAsync(cancellationToken).ConfigureAwait(false);
        byte[] trailer = new byte[s_finalBlock.Length + 8];
        s_finalBlock.CopyTo(trailer, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(s_finalBlock.Length), _crc.Value);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(s_finalBlock.Length + 4), unchecked((uint)_length));
        await _inner.WriteAsync(trailer, cancellationToken).ConfigureAwait(false);
        _finished = true;
        ReturnSegment();
    }

    /// <summary>
    /// The deflate bytes of one segment, compressed alone: no history before it, a sync flush after it. They are written
    /// into a pooled buffer with room for incompressible input, so a large layer churns no memory.
    /// </summary>
    internal static CompressedSegment CompressSegment(byte[] input, int length, CompressionLevel level)
    {
        // zlib's worst case is about 0.03% over the input, plus a few bytes per block and the flush markers.
        byte[] output = ArrayPool<byte>.Shared.Rent(length + (length >> 8) + 4096);
        var stream = new MemoryStream(output, 0, output.Length, writable: true, publiclyVisible: true);
        using (var deflate = new DeflateStream(stream, level, leaveOpen: true))
        {
            deflate.Write(input, 0, length);
            deflate.Flush();
            // Taken before Dispose adds a final block: the stream's one final block is written by FinishAsync.
            return new CompressedSegment(output, (int)stream.Position);
        }
    }

    /// <summary>One segment's deflate bytes in a buffer rented from the shared pool; whoever writes them returns it.</summary>
    internal readonly record struct CompressedSegment(byte[] Buffer, int Length);

    private async ValueTask StartSegmentAsync(CancellationToken cancellationToken)
    {
        byte[] input = _segment;
        int length = _segmentLength;
        CompressionLevel level = _level;
        _segment = ArrayPool<byte>.Shared.Rent(SegmentSize);
        _segmentLength = 0;
        _inFlight.Enqueue(Task.Run(() =>
        {
            try
            {
                return CompressSegment(input, length, level);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(input);
            }
        }, cancellationToken));
        while (_inFlight.Count >= _maxInFlight)
        {
            await WriteOldestAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask WriteOldestAsync(CancellationToken cancellationToken)
    {
        CompressedSegment compressed = await _inFlight.Dequeue().ConfigureAwait(false);
        try
        {
            await WriteHeaderOnceAsync(cancellationToken).ConfigureAwait(false);
            await _inner.WriteAsync(compressed.Buffer.AsMemory(0, compressed.Length), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(compressed.Buffer);
        }
    }

    private async ValueTask WriteHeaderOnceAsync(CancellationToken cancellationToken)
    {
        if (!_headerWritten)
        {
            _headerWritten = true;
            await _inner.WriteAsync(s_header, cancellationToken).ConfigureAwait(false);
        }
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
        if (disposing && !_finished)
        {
            // Abandoned (an error upstream): let in-flight work end on its own; its buffers go back to the pool.
            _finished = true;
            ReturnSegment();
        }

        base.Dispose(disposing);
    }

    private void ReturnSegment()
    {
        if (_segment.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_segment);
            _segment = [];
        }
    }
}
