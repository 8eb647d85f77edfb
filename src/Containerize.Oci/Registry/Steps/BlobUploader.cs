using System.Net;
using Containerize.Oci.Errors;
using Containerize.Oci.Logging;
using Containerize.Oci.Model;
using Containerize.Oci.Registry.Transport;

namespace Containerize.Oci.Registry.Steps;

/// <summary>
/// Uploads a blob: one monolithic PUT by default; chunked PATCHes (at least 5 MiB, 201 or 202, absolute or relative
/// Location) when asked or when the registry refuses the monolithic body. An interrupted upload is restarted in a
/// new session, so a half-sent body is never appended to.
/// </summary>
internal sealed class BlobUploader(RegistryEndpointCaller caller, IBuildLog log)
{
    /// <summary>Uploads and returns the bytes sent (all attempts counted). <paramref name="session"/> is a session already opened by a mount attempt.</summary>
    /// <param name="label">What the blob is, for progress lines ("layer app", "config").</param>
    public async Task<long> UploadAsync(string repository, Descriptor blob, Func<CancellationToken, Task<Stream>> open, Uri? session, string label, CancellationToken cancellationToken)
    {
        var progress = new TransferProgress(log, $"Uploading {label} to {caller.Registry}/{repository}", blob.Size);
        RetryPolicy retry = caller.Options.Retry;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long bytesSent = 0;
        for (int attempt = 1; ; attempt++)
        {
            var counter = new SentBytes(progress);
            progress.Restart();
            try
            {
                Uri location = session ?? await StartAsync(repository, blob, cancellationToken).ConfigureAwait(false);
                session = null;
                bool chunked = caller.Options.ForceChunkedUpload || caller.Capabilities.NeedsChunkedUploads;
                if (!chunked && await TryMonolithicAsync(repository, blob, open, location, counter, cancellationToken).ConfigureAwait(false))
                {
                    progress.Complete();
                    return bytesSent + counter.Value;
                }

                if (!chunked)
                {
                    // The registry refused a whole body (size limit): chunk from now on, in a fresh session.
                    log.Detail($"Registry '{caller.Registry}' refused a monolithic upload of {blob.Digest}; switching to chunked uploads.");
                    caller.Capabilities.LearnNeedsChunkedUploads();
                    attempt--;
                    continue;
                }

                int chunkSize = Math.Max(Math.Max(caller.Options.ChunkSize, RegistryOptions.MinimumChunkSize), caller.Capabilities.MinimumChunkLength);
                await UploadChunksAsync(repository, blob, open, location, chunkSize, counter, cancellationToken).ConfigureAwait(false);
                progress.Complete();
                return bytesSent + counter.Value;
            }
            catch (Exception exception) when (IsRestartable(exception) && !cancellationToken.IsCancellationRequested)
            {
                bytesSent += counter.Value;
                TimeSpan delay = exception is RegistryTransientException transient ? transient.SuggestedDelay : retry.GetDelay(attempt);
                if (attempt >= retry.MaxAttempts || clock.Elapsed + delay >= caller.Options.OperationTimeout)
                {
                    throw new ContainerizeException(ErrorCodes.RegistryBlobUploadFailed,
                        $"Uploading blob {blob.Digest} ({blob.Size} bytes) to '{caller.Registry}/{repository}' failed: {attempt} attempt{(attempt == 1 ? "" : "s")} in {clock.Elapsed.TotalSeconds:0} s (limit {caller.Options.OperationTimeout.TotalSeconds:0} s), {bytesSent} bytes sent; last: {RegistryFaults.Describe(exception)}.",
                        "The registry or the network is having trouble: push again later (blobs already uploaded are not sent again). A slow registry may need more time: ContainerizeRegistryTimeout (seconds) sets the limit per operation.", exception);
                }

                log.Detail($"Upload of {blob.Digest} to '{caller.Registry}' interrupted ({RegistryFaults.Describe(exception)}); restarting in a new session in {delay.TotalSeconds:0.#} s.");
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Network or server trouble, or a session the registry lost: worth a new session. A refusal or a local fault is not.</summary>
    private static bool IsRestartable(Exception exception) =>
        RegistryFaults.IsTransient(exception) || exception is ContainerizeException { Code: ErrorCodes.RegistryUploadSessionLost };

    private async Task<Uri> StartAsync(string repository, Descriptor blob, CancellationToken cancellationToken)
    {
        using RegistryResponse response = await caller.SendAsync(new RegistryRequest
        {
            Method = HttpMethod.Post,
            Uri = RegistryPaths.Uploads(repository),
            Operation = RegistryOperation.UploadBlob,
            Repository = repository,
            Scopes = [RegistryPaths.PushScope(repository)],
            Content = _ => new ByteArrayContent([]),
            Subject = blob.Digest.ToString(),
        }, cancellationToken).ConfigureAwait(false);
        Uri location = response.GetLocation() ?? throw MissingLocation(repository, "starting an upload");
        if (int.TryParse(response.GetHeader("OCI-Chunk-Min-Length"), out int minimum))
        {
            caller.Capabilities.LearnMinimumChunkLength(minimum);
        }

        return location;
    }

    private async Task<bool> TryMonolithicAsync(
        string repository, Descriptor blob, Func<CancellationToken, Task<Stream>> open, Uri location, SentBytes counter, CancellationToken cancellationToken)
    {
        using RegistryResponse response = await caller.SendAsync(new RegistryRequest
        {
            Method = HttpMethod.Put,
            Uri = RegistryPaths.WithQuery(location, "digest", blob.Digest.ToString()),
            Operation = RegistryOperation.UploadBlob,
            Repository = repository,
            Scopes = [RegistryPaths.PushScope(repository)],
            Content = watchdog => counter.Track(new StreamingContent(open, blob.Size, watchdog, counter.Progress)),
            ExpectedStatuses = [HttpStatusCode.RequestEntityTooLarge],
            RetryTransientFailures = false,
            Subject = blob.Digest.ToString(),
        }, cancellationToken).ConfigureAwait(false);
        return response.StatusCode != HttpStatusCode.RequestEntityTooLarge;
    }

    private async Task UploadChunksAsync(
        string repository, Descriptor blob, Func<CancellationToken, Task<Stream>> open, Uri location, int chunkSize, SentBytes counter, CancellationToken cancellationToken)
    {
        for (long offset = 0; offset < blob.Size; offset += chunkSize)
        {
            long start = offset;
            long length = Math.Min(chunkSize, blob.Size - offset);
            using RegistryResponse response = await caller.SendAsync(new RegistryRequest
            {
                Method = HttpMethod.Patch,
                Uri = location,
                Operation = RegistryOperation.UploadBlob,
                Repository = repository,
                Scopes = [RegistryPaths.PushScope(repository)],
                Content = watchdog =>
                {
                    var content = counter.Track(new StreamingContent(token => OpenAtAsync(open, start, token), length, watchdog, counter.Progress));
                    content.Headers.TryAddWithoutValidation("Content-Range", $"{start}-{start + length - 1}");
                    return content;
                },
                RetryTransientFailures = false,
                Subject = $"{blob.Digest} bytes {start}-{start + length - 1}",
            }, cancellationToken).ConfigureAwait(false);
            // ECR answers 201 rather than 202; either way the next request goes to the new Location.
            location = response.GetLocation() ?? throw MissingLocation(repository, "a chunk");
        }

        using RegistryResponse done = await caller.SendAsync(new RegistryRequest
        {
            Method = HttpMethod.Put,
            Uri = RegistryPaths.WithQuery(location, "digest", blob.Digest.ToString()),
            Operation = RegistryOperation.UploadBlob,
            Repository = repository,
            Scopes = [RegistryPaths.PushScope(repository)],
            Content = _ => new ByteArrayContent([]),
            RetryTransientFailures = false,
            Subject = blob.Digest.ToString(),
        }, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Stream> OpenAtAsync(Func<CancellationToken, Task<Stream>> open, long offset, CancellationToken cancellationToken)
    {
        Stream stream = await open(cancellationToken).ConfigureAwait(false);
        if (stream.CanSeek)
        {
            stream.Seek(offset, SeekOrigin.Begin);
            return stream;
        }

        byte[] skip = new byte[81920];
        for (long remaining = offset; remaining > 0;)
        {
            int read = await stream.ReadAsync(skip.AsMemory(0, (int)Math.Min(skip.Length, remaining)), cancellationToken).ConfigureAwait(false);
            remaining -= read > 0 ? read : throw new IOException($"The blob ended before offset {offset}.");
        }

        return stream;
    }

    private ContainerizeException MissingLocation(string repository, string when) => new(ErrorCodes.RegistryProtocolError,
        $"Registry '{caller.Registry}/{repository}' sent no Location header after {when}.",
        "The registry does not follow the OCI distribution spec for uploads; report it to its maintainers.");

    /// <summary>Sums the bytes of every body sent in one attempt.</summary>
    private sealed class SentBytes(TransferProgress progress)
    {
        private readonly List<StreamingContent> _contents = [];

        public TransferProgress Progress => progress;

        public long Value => _contents.Sum(content => content.BytesSent);

        public StreamingContent Track(StreamingContent content)
        {
            lock (_contents)
            {
                _contents.Add(content);
            }

            return content;
        }
    }
}
