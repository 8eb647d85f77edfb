using System.Net;
using Containerize.Oci.Model;
using Containerize.Oci.Registry.Transport;

namespace Containerize.Oci.Registry.Steps;

/// <summary>
/// Asks whether a repository already has a manifest by its digest (<c>HEAD /v2/NAME/manifests/DIGEST</c>). A registry
/// accepts a manifest only once every blob it names is there, and keeps those blobs while it is, so a manifest that
/// exists means its whole image does.
/// </summary>
internal sealed class ManifestChecker(RegistryEndpointCaller caller)
{
    public async Task<bool> ExistsAsync(string repository, Descriptor manifest, CancellationToken cancellationToken)
    {
        using RegistryResponse response = await caller.SendAsync(new RegistryRequest
        {
            Method = HttpMethod.Head,
            Uri = RegistryPaths.Manifest(repository, manifest.Digest.ToString()),
            Operation = RegistryOperation.CheckManifest,
            Repository = repository,
            Scopes = [RegistryPaths.PushScope(repository)],
            Accept = ManifestPuller.AcceptedMediaTypes,
            ExpectedStatuses = [HttpStatusCode.NotFound],
            Subject = manifest.Digest.ToString(),
        }, cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.OK;
    }
}
