using Containerize.Oci.Errors;
using Containerize.Oci.IO;
using Containerize.Oci.Model;
using Containerize.Oci.Registry.Transport;
using Containerize.Oci.Storage;

namespace Containerize.Oci.Registry.Steps;

/// <summary>
/// Downloads a blob (<c>GET /v2/NAME/blobs/DIGEST</c>, following redirects to storage), checking its digest while
/// it streams into the local blob store; an interrupted download starts again.
/// </summary>
internal sealed class BlobPuller(RegistryEndpointCaller caller)
{
    /// <summary>Downloads the blob into <paramref name="store"/> (replacing any copy there) and returns its path.</summary>
    public async Task<string> DownloadAsync(string repository, Descriptor blob, LocalBlobStore store, CancellationToken cancellationToken)
    {
        RetryPolicy retry = caller.Options.Retry;
        for (int attempt = 1; ; attempt++)
        {
            string temporaryPath = store.CreateTemporaryPath();
            try
            {
                await CopyToFileAsync(repository, blob, temporaryPath, cancellationToken).ConfigureAwait(false);
                return store.Commit(temporaryPath, blob.Digest);
            }
            catch (Exception exception) when (RetryPolicy.IsTransient(exception) && !cancellationToken.IsCancellationRequested)
            {
                File.Delete(temporaryPath);
                if (attempt >= retry.MaxAttempts)
                {
                    throw new ContainerizeException(ErrorCodes.RegistryRetriesExhausted,
                        $"Downloading blob {blob.Digest} from '{caller.Registry}/{repository}' kept failing after {attempt} attempts; last: {exception.Message}.",
                        "The registry or the network is having trouble: try again later.", exception);
                }

                await Task.Delay(retry.GetDelay(attempt), cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                File.Delete(temporaryPath);
                throw;
            }
        }
    }

    private async Task CopyToFileAsync(string repository, Descriptor blob, string path, CancellationToken cancellationToken)
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
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
        await verified.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
    }
}
