using System.Net;
using Containerize.Oci.Errors;

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
    private readonly TransferProgress? _progress;

    public StreamingContent(Func<CancellationToken, Task<Stream>> open, long length, ProgressWatchdog? watchdog, TransferProgress? progress = null)
    {
        _open = open;
        _length = length;
        _watchdog = watchdog;
        _progress = progress;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
    }

    /// <summary>Bytes handed to the connection so far.</summary>
    public long BytesSent { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    /// <summary>
    /// Reading the local blob and writing to the connection fail differently: a local read error (a vanished or
    /// unreadable file, a damaged blob caught by the verifying reader) is a coded exception, never retried as
    /// network trouble; a write error is the connection's.
    /// </summary>
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await using Stream source = await ReadLocalAsync(() => _open(cancellationToken)).ConfigureAwait(false);
        byte[] buffer = new byte[BufferSize];
        long remaining = _length;
        while (remaining > 0)
        {
            int read = await ReadLocalAsync(() => source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).AsTask()).ConfigureAwait(false);
            if (read == 0)
            {
                throw new ContainerizeException(ErrorCodes.LocalBlobUnreadable,
                    $"The local copy of a blob ended {remaining} bytes early while it was being sent.",
                    "Build again; if the blob comes from a local base image, copy the base again.");
            }

            await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            BytesSent += read;
            remaining -= read;
            _watchdog?.Progress();
            _progress?.Advance(read);
        }
    }

    private static async Task<T> ReadLocalAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ContainerizeException(ErrorCodes.LocalBlobUnreadable,
                $"A blob could not be read from disk to be sent: {exception.Message}",
                "Check the disk and the permissions of the cache folder (ContainerizeCacheDirectory) or of the local base image, then build again.", exception);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }
}
