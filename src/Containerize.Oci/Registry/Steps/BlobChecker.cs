using System.Net;
using Containerize.Oci.Model;
using Containerize.Oci.Registry.Transport;

namespace Containerize.Oci.Registry.Steps;

/// <summary>Asks whether a repository already has a blob (<c>HEAD /v2/NAME/blobs/DIGEST</c>).</summary>
internal sealed class BlobChecker(RegistryEndpointCaller caller)
{
    public async Task<bool> ExistsAsync(string repository, Descriptor blob, CancellationToken cancellationToken)
    {
        using RegistryResponse response = await caller.SendAsync(new RegistryRequest
        {
            Method = HttpMethod.Head,
            Uri = RegistryPaths.Blob(repository, blob.Digest),
            Operation = RegistryOperation.CheckBlob,
            Repository = repository,
            Scopes = [RegistryPaths.PushScope(repository)],
            ExpectedStatuses = [HttpStatusCode.NotFound],
            Subject = blob.Digest.ToString(),
        }, cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.OK;
    }
}
