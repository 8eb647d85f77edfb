using System.Diagnostics;
using Containerize.Oci.Errors;
using Containerize.Oci.IO;
using Containerize.Oci.Logging;
using Containerize.Oci.Model;
using Containerize.Oci.Registry.Transport;
using Containerize.Oci.Storage;

namespace Containerize.Oci.Registry.Steps;

/// <summary>
/// Downloads a blob (<c>GET /v2/NAME/blobs/DIGEST</c>, following redirects to storage), checking its digest while
/// it streams into the local blob store; an interrupted download starts again.
/// </summary>
internal sealed class BlobPuller(RegistryEndpointCaller caller, IBuildLog log)
{
    /// <summary>Downloads the blob into <paramref name="store"/> (replacing any copy there) and returns its path.</summary>
    /// <param name="label">What the blob is, for progress lines ("base layer sha256:…"); the digest when null.</param>
    public async Task<string> DownloadAsync(string repository, Descriptor blob, LocalBlobStore store, CancellationToken cancellationToken, string? label = null)
    {
        var progress = new TransferProgress(log, $"Downloading {label ?? "blob " + blob.Digest} from {caller.Registry}/{repository}", blob.Size);
        RetryPolicy retry = caller.Options.Retry;
        var clock = Stopwatch.StartNew();
        for (int attempt = 1; ; attempt++)
        {
            string temporaryPath = Local(store, blob, store.CreateTemporaryPath);
            try
            {
                progress.Restart();
                await CopyToFileAsync(repository, blob, store, temporaryPath, progress, cancellationToken).ConfigureAwait(false);
                progress.Complete();
                return Local(store, blob, () => store.Commit(temporaryPath, blob.Digest));
            }
            catch (Exception exception) when (RegistryFaults.IsTransient(exception) && !cancellationToken.IsCancellationRequested)
            {
                File.Delete(temporaryPath);
                TimeSpan delay = retry.GetDelay(attempt);
                if (attempt >= retry.MaxAttempts || clock.Elapsed + delay >= caller.Options.OperationTimeout)
                {
                    throw new ContainerizeException(ErrorCodes.RegistryRetriesExhausted,
                        $"Downloading blob {blob.Digest} from '{caller.Registry}/{repository}' kept failing: {attempt} attempt{(attempt == 1 ? "" : "s")} in {clock.Elapsed.TotalSeconds:0} s (limit {caller.Options.OperationTimeout.TotalSeconds:0} s); last: {RegistryFaults.Describe(exception)}.",
                        "The registry or the network is having trouble: try again later. A slow registry may need more time: ContainerizeRegistryTimeout (seconds) sets the limit per operation.", exception);
                }

                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                File.Delete(temporaryPath);
                throw;
            }
        }
    }

    private async Task CopyToFileAsync(string repository, Descriptor blob, LocalBlobStore store, string path, TransferProgress progress, CancellationToken cancellationToken)
    {
        using RegistryResponse response = await caller.SendAsync(new RegistryRequest
        {
            Method = HttpMethod.Get,
            Uri = RegistryPaths.Blob(repository, blob.Digest),
            Operation = RegistryOperation.PullBlob,
            Repository = repository,
            Scopes = [RegistryPaths.PullScope(repository)],
            Subject = blob.Digest.ToString(),
            // A broken body is retried here, as a whole download, not by the caller.
        }, cancellationToken).ConfigureAwait(false);
        await using var verified = new VerifyingReadStream(
            await response.OpenBodyAsync(cancellationToken).ConfigureAwait(false), blob.Digest, blob.Size, mismatch => new ContainerizeException(ErrorCodes.RegistryDigestMismatch,
                $"Blob {blob.Digest} from '{caller.Registry}/{repository}' arrived damaged: it {mismatch.Describe()}.",
                "The download was corrupted or the registry serves wrong content; try again, and report it if it persists."));
        await using FileStream file = Local(store, blob, () => new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous));
        byte[] buffer = new byte[81920];
        int read;
        while ((read = await verified.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            // Reading is the network's business (retried); writing is the disk's (a full or read-only disk fails at once).
            try
            {
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw CacheUnusable(store, blob, exception);
            }

            progress.Advance(read);
        }

        try
        {
            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw CacheUnusable(store, blob, exception);
        }
    }

    private static T Local<T>(LocalBlobStore store, Descriptor blob, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw CacheUnusable(store, blob, exception);
        }
    }

    private static ContainerizeException CacheUnusable(LocalBlobStore store, Descriptor blob, Exception exception) =>
        new(ErrorCodes.CacheUnusable,
            $"The cache '{store.RootDirectory}' cannot take blob {blob.Digest} ({blob.Size} bytes): {exception.Message}",
            "Point ContainerizeCacheDirectory at a writable folder with free space, or free space on its disk.", exception);
}
