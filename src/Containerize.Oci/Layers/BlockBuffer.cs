using System.Security.Cryptography;

namespace Containerize.Oci.Layers;

/// <summary>
/// A large output buffer in front of the tar's destination. Headers are copied in; file bytes are read straight into
/// it, so the compressor sees few, big writes and no byte is copied twice.
/// </summary>
internal sealed class BlockBuffer
{
    private readonly Stream _destination;
    private readonly byte[] _buffer;
    private int _count;

    public BlockBuffer(Stream destination, int size)
    {
        _destination = destination;
        _buffer = new byte[size];
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            int length = Math.Min(data.Length, _buffer.Length - _count);
            data.Span[..length].CopyTo(_buffer.AsSpan(_count));
            _count += length;
            data = data[length..];
            await FlushIfFullAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask WriteZerosAsync(int length, CancellationToken cancellationToken)
    {
        while (length > 0)
        {
            int chunk = Math.Min(length, _buffer.Length - _count);
            _buffer.AsSpan(_count, chunk).Clear();
            _count += chunk;
            length -= chunk;
            await FlushIfFullAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads up to <paramref name="length"/> bytes from <paramref name="source"/> (hashing them into <paramref name="hash"/> when given); returns how many there were.</summary>
    public async ValueTask<long> CopyFromAsync(Stream source, long length, IncrementalHash? hash, CancellationToken cancellationToken)
    {
        long copied = 0;
        while (copied < length)
        {
            int wanted = (int)Math.Min(length - copied, _buffer.Length - _count);
            int read = await source.ReadAsync(_buffer.AsMemory(_count, wanted), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            hash?.AppendData(_buffer, _count, read);
            _count += read;
            copied += read;
            await FlushIfFullAsync(cancellationToken).ConfigureAwait(false);
        }

        return copied;
    }

    /// <summary>Whether <paramref name="source"/> has bytes left (it grew after it was opened).</summary>
    public static async ValueTask<bool> HasMoreAsync(Stream source, CancellationToken cancellationToken)
    {
        byte[] probe = new byte[1];
        return await source.ReadAsync(probe, cancellationToken).ConfigureAwait(false) > 0;
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_count > 0)
        {
            await _destination.WriteAsync(_buffer.AsMemory(0, _count), cancellationToken).ConfigureAwait(false);
            _count = 0;
        }
    }

    private ValueTask FlushIfFullAsync(CancellationToken cancellationToken) =>
        _count == _buffer.Length ? FlushAsync(cancellationToken) : ValueTask.CompletedTask;
}
