using System.Net.Http.Headers;
using Containerize.Oci.Digests;
using Containerize.Oci.Errors;
using Containerize.Oci.Registry.Transport;

namespace Containerize.Oci.Registry.Steps;

/// <summary>
/// Puts a manifest or index under a digest or tag, with its own media type as Content-Type, and checks the digest
/// the registry says it stored against ours.
/// </summary>
internal sealed class ManifestPusher(RegistryEndpointCaller caller)
{
    public async Task PushAsync(string repository, string reference, byte[] manifest, string mediaType, Digest expected, CancellationToken cancellationToken)
    {
        using RegistryResponse response = await caller.SendAsync(new RegistryRequest
        {
            Method = HttpMethod.Put,
            Uri = RegistryPaths.Manifest(repository, reference),
            Operation = RegistryOperation.PushManifest,
            Repository = repository,
            Scopes = [RegistryPaths.PushScope(repository)],
            Content = _ =>
            {
                var content = new ByteArrayContent(manifest);
                content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
                return content;
            },
            Subject = reference,
        }, cancellationToken).ConfigureAwait(false);

        // ECR sends no Location and some registries no digest header; when it is there it must match.
        if (response.GetHeader("Docker-Content-Digest") is { Length: > 0 } returned && returned != expected.ToString())
        {
            throw new ContainerizeException(ErrorCodes.RegistryDigestMismatch,
                $"Registry '{caller.Registry}/{repository}' stored the manifest for '{reference}' as {returned}, but its digest is {expected}.",
                "The registry rewrote the manifest; push with ContainerImageFormat matching what the registry supports, or report it to the registry's maintainers.");
        }
    }
}
