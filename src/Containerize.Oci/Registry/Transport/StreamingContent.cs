using System.Net;

namespace Containerize.Oci.Registry.Transport;

/// <summary>
/// A request body copied from a freshly opened stream on every attempt (so retries resend the same bytes), telling
/// the watchdog about every write and counting the bytes sent.
/// </summary>
internal sealed class StreamingContent : HttpContent
{
    private const int BufferSize = 81920;
    private readonly Func<CancellationToken, Task<Stream>> _open;
    private readonly long _length;
    private readonly ProgressWatchdog? _watchdog;

    public StreamingContent(Func<CancellationToken, Task<Stream>> open, long length, ProgressWatchdog? watchdog)
    {
        _open = open;
        _length = length;
        _watchdog = watchdog;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
    }

    /// <summary>Bytes handed to the connection so far.</summary>
    public long BytesSent { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await using Stream source = await _open(cancellationToken).ConfigureAwait(false);
        byte[] buffer = new byte[BufferSize];
        long remaining = _length;
        while (remaining > 0)
        {
            int read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException($"The blob ended {remaining} bytes early while it was being sent.");
            }

            await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            BytesSent += read;
            remaining -= read;
            _watchdog?.Progress();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }
}
