using System.Net;
using Containerize.Oci.Errors;
using Containerize.Oci.Logging;
using Containerize.Oci.Model;
using Containerize.Oci.Registry.Transport;

namespace Containerize.Oci.Registry.Steps;

/// <summary>
/// Uploads a blob: one monolithic PUT by default; chunked PATCHes (at least 5 MiB, 201 or 202, absolute or relative
/// Location) when asked, when the registry refuses the monolithic body, or for a blob larger than
/// <see cref="ResumableThreshold"/> when a cache records sessions. Each chunk the registry took is recorded in
/// <see cref="UploadSessions"/>; the next push of that blob asks the registry how far the session got and sends only
/// the rest. An upload interrupted within a build restarts in a new session, so a half-sent body is never appended to.
/// </summary>
internal sealed class BlobUploader(RegistryEndpointCaller caller, IBuildLog log)
{
    /// <summary>The chunk of a resumable upload: what an interruption between chunks can lose at most.</summary>
    public const int ResumableChunkSize = 16 * 1024 * 1024;

    /// <summary>Blobs above this size go up in resumable chunks when sessions are recorded; smaller ones are cheap to send again.</summary>
    public const long ResumableThreshold = 2L * ResumableChunkSize;

    /// <summary>Uploads and returns the bytes sent (all attempts counted). <paramref name="session"/> is a session already opened by a mount attempt.</summary>
    /// <param name="label">What the blob is, for progress lines ("layer app", "config").</param>
    /// <param name="sessions">Where sessions are recorded for resuming (null: no resume, the upload is not chunked for it).</param>
    public async Task<long> UploadAsync(
        string repository, Descriptor blob, Func<CancellationToken, Task<Stream>> open, Uri? session, string label, CancellationToken cancellationToken, UploadSessions? sessions = null)
    {
        bool resumable = sessions is not null && blob.Size > ResumableThreshold;
        bool tryResume = resumable;
        var progress = new TransferProgress(log, $"Uploading {label} to {caller.Registry}/{repository}", blob.Size);
        RetryPolicy retry = caller.Options.Retry;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long bytesSent = 0;
        for (int attempt = 1; ; attempt++)
        {
            var counter = new SentBytes(progress);
            progress.Restart();
            long resumedAt = 0;
            try
            {
                Uri? location = null;
                if (tryResume)
                {
                    tryResume = false;
                    (location, resumedAt) = await TryResumeAsync(repository, blob, sessions!, label, cancellationToken).ConfigureAwait(false);
                }

                location ??= session ?? await StartAsync(repository, blob, cancellationToken).ConfigureAwait(false);
                session = null;
                bool chunked = caller.Options.ForceChunkedUpload || caller.Capabilities.NeedsChunkedUploads || resumable;
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
                if (resumable && !caller.Options.ForceChunkedUpload)
                {
                    chunkSize = Math.Max(chunkSize, ResumableChunkSize);
                }

                Action<Uri, long>? taken = resumable ? (next, offset) => sessions!.Record(caller.Registry, repository, blob.Digest, next, offset) : null;
                await UploadChunksAsync(repository, blob, open, location, resumedAt, chunkSize, counter, taken, cancellationToken).ConfigureAwait(false);
                sessions?.Forget(caller.Registry, blob.Digest);
                progress.Complete();
                return bytesSent + counter.Value;
            }
            catch (ContainerizeException exception) when (resumedAt > 0 && !cancellationToken.IsCancellationRequested && !exception.Code.StartsWith("CTZ3", StringComparison.Ordinal))
            {
                // What the registry kept is not trusted: its digest check at the end refused it (or it refused a
                // chunk). One full restart in a new session, not a failed build.
                bytesSent += counter.Value;
                sessions!.Forget(caller.Registry, blob.Digest);
                log.Info($"Registry '{caller.Registry}' refused the resumed upload of {label} ({blob.Digest}): {exception.Message} Uploading it again from the first byte.");
                attempt--;
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
        string repository, Descriptor blob, Func<CancellationToken, Task<Stream>> open, Uri location, long firstOffset, int chunkSize, SentBytes counter,
        Action<Uri, long>? taken, CancellationToken cancellationToken)
    {
        for (long offset = firstOffset; offset < blob.Size; offset += chunkSize)
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
            taken?.Invoke(location, start + length);
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

    /// <summary>
    /// Asks the registry about the session recorded for this blob (GET on its Location; <c>Range: 0-N</c> means it
    /// holds bytes 0 to N). Returns where to continue, or (null, 0) when there is no record, the session is gone, or
    /// the offset does not fit the blob: the caller then starts over.
    /// </summary>
    private async Task<(Uri? Location, long Offset)> TryResumeAsync(string repository, Descriptor blob, UploadSessions sessions, string label, CancellationToken cancellationToken)
    {
        if (sessions.Find(caller.Registry, repository, blob.Digest) is not { } recorded)
        {
            return (null, 0);
        }

        try
        {
            using RegistryResponse response = await caller.SendAsync(new RegistryRequest
            {
                Method = HttpMethod.Get,
                Uri = recorded.Location,
                Operation = RegistryOperation.UploadBlob,
                Repository = repository,
                Scopes = [RegistryPaths.PushScope(repository)],
                ExpectedStatuses = [HttpStatusCode.NotFound, HttpStatusCode.BadRequest, HttpStatusCode.Gone, HttpStatusCode.MethodNotAllowed],
                Subject = $"{blob.Digest} upload status",
            }, cancellationToken).ConfigureAwait(false);
            long offset = response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.OK or HttpStatusCode.Accepted ? ParseRangeEnd(response.GetHeader("Range")) + 1 : -1;
            if (offset > 0 && offset <= blob.Size)
            {
                log.Info($"Resuming the upload of {label} ({blob.Digest}) to {caller.Registry}/{repository} at byte {offset} of {blob.Size}: the registry kept the session from {recorded.RecordedAt:u}.");
                return (response.GetLocation() ?? recorded.Location, offset);
            }

            log.Info(response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.OK or HttpStatusCode.Accepted
                ? $"Registry '{caller.Registry}' reports offset {offset} (Range '{response.GetHeader("Range")}') for the recorded upload of {blob.Digest} ({blob.Size} bytes), which does not fit: uploading it from the first byte."
                : $"Registry '{caller.Registry}' no longer has the recorded upload session of {blob.Digest} ({(int)response.StatusCode}): uploading it from the first byte.");
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever went wrong asking (a refusal, trouble past the retries, a timeout), starting over is correct.
            log.Info($"Asking '{caller.Registry}' about the recorded upload of {blob.Digest} failed ({RegistryFaults.Describe(exception)}): uploading it from the first byte.");
        }

        sessions.Forget(caller.Registry, blob.Digest);
        return (null, 0);
    }

    /// <summary>N of <c>0-N</c> (distribution and the spec: the last byte offset received, inclusive), or -2 when absent or malformed.</summary>
    internal static long ParseRangeEnd(string? range)
    {
        string? value = range?.Trim();
        if (value is not null && value.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase))
        {
            value = value["bytes=".Length..];
        }

        return value is not null && value.StartsWith("0-", StringComparison.Ordinal)
            && long.TryParse(value.AsSpan(2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long end)
            ? end : -2;
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
