using System.Net;
using Containerize.Oci.Digests;
using Containerize.Oci.Registry.Transport;

namespace Containerize.Oci.Registry.Steps;

/// <summary>What a mount attempt gave: mounted (201), or not, with the upload session the registry opened instead (202).</summary>
internal sealed record MountResult(bool Mounted, Uri? UploadLocation);

/// <summary>
/// Mounts a blob from another repository of the same registry (<c>POST …/uploads/?mount=DIGEST&amp;from=SOURCE</c>).
/// Only 201 means mounted: a 202 is a fresh upload session, which the uploader then uses.
/// </summary>
internal sealed class BlobMounter(RegistryEndpointCaller caller)
{
    public async Task<MountResult> MountAsync(string repository, Digest digest, string sourceRepository, CancellationToken cancellationToken)
    {
        Uri uri = RegistryPaths.WithQuery(RegistryPaths.WithQuery(RegistryPaths.Uploads(repository), "mount", digest.ToString()), "from", sourceRepository);
        using RegistryResponse response = await caller.SendAsync(new RegistryRequest
        {
            Method = HttpMethod.Post,
            Uri = uri,
            Operation = RegistryOperation.MountBlob,
            Repository = repository,
            Scopes = [RegistryPaths.PushScope(repository), RegistryPaths.PullScope(sourceRepository)],
            Content = _ => new ByteArrayContent([]),
            Subject = $"{digest} from {sourceRepository}",
        }, cancellationToken).ConfigureAwait(false);
        caller.Capabilities.LearnMount(response.StatusCode == HttpStatusCode.Created);
        return response.StatusCode == HttpStatusCode.Created
            ? new MountResult(true, null)
            : new MountResult(false, response.StatusCode == HttpStatusCode.Accepted ? response.GetLocation() : null);
    }
}
