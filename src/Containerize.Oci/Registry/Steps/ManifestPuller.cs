using System.Text.Json;
using Containerize.Oci.Digests;
using Containerize.Oci.Errors;
using Containerize.Oci.Model;
using Containerize.Oci.Registry.Transport;

namespace Containerize.Oci.Registry.Steps;

/// <summary>A manifest or index as the registry sent it: exact bytes, media type and digest.</summary>
internal sealed record PulledManifest(byte[] Bytes, string MediaType, Digest Digest);

/// <summary>
/// Gets a manifest by tag or digest, accepting OCI and Docker manifests and indexes. The media type comes from the
/// body, else Content-Type, else the JSON's shape (an OCI manifest may leave <c>mediaType</c> out).
/// </summary>
internal sealed class ManifestPuller(RegistryEndpointCaller caller)
{
    /// <summary>Registries must take 4 MiB manifests; anything far larger is not a manifest.</summary>
    private const int MaximumManifestSize = 8 * 1024 * 1024;

    /// <summary>Every manifest and index type we read; the manifest check asks with the same list.</summary>
    internal static readonly string[] AcceptedMediaTypes = [MediaTypes.OciIndex, MediaTypes.OciManifest, MediaTypes.DockerManifestList, MediaTypes.DockerManifest];

    public async Task<PulledManifest> PullAsync(string repository, string reference, CancellationToken cancellationToken)
    {
        using RegistryResponse response = await caller.SendAsync(new RegistryRequest
        {
            Method = HttpMethod.Get,
            Uri = RegistryPaths.Manifest(repository, reference),
            Operation = RegistryOperation.PullManifest,
            Repository = repository,
            Scopes = [RegistryPaths.PullScope(repository)],
            Accept = AcceptedMediaTypes,
            Subject = reference,
        }, cancellationToken).ConfigureAwait(false);

        byte[] bytes = await ReadLimitedAsync(response, repository, reference, cancellationToken).ConfigureAwait(false);
        Digest digest = Digest.ComputeSha256(bytes);
        if (Digest.TryParse(reference, out Digest requested) && requested != digest)
        {
            throw new ContainerizeException(ErrorCodes.RegistryDigestMismatch,
                $"Registry '{caller.Registry}/{repository}' sent a manifest with digest {digest} when asked for {requested}.",
                "The registry or a proxy altered the manifest; try again, and report it if it persists.");
        }

        string mediaType = DetectMediaType(bytes, response.Message.Content.Headers.ContentType?.MediaType)
            ?? throw new ContainerizeException(ErrorCodes.RegistryProtocolError,
                $"Registry '{caller.Registry}/{repository}' sent something for '{reference}' that is neither an image manifest nor an index.",
                "Check that the reference names a container image, not another kind of artifact.");
        return new PulledManifest(bytes, mediaType, digest);
    }

    internal static string? DetectMediaType(byte[] bytes, string? contentType)
    {
        string? declared;
        try
        {
            declared = OciJson.PeekMediaType(bytes);
        }
        catch (JsonException)
        {
            return null;
        }

        if (MediaTypes.IsIndex(declared) || MediaTypes.IsManifest(declared))
        {
            return declared;
        }

        if (MediaTypes.IsIndex(contentType) || MediaTypes.IsManifest(contentType))
        {
            return contentType;
        }

        using JsonDocument document = JsonDocument.Parse(bytes);
        JsonElement root = document.RootElement;
        if (root.TryGetProperty("manifests", out _))
        {
            return MediaTypes.OciIndex;
        }

        return root.TryGetProperty("config", out _) && root.TryGetProperty("layers", out _) ? MediaTypes.OciManifest : null;
    }

    private async Task<byte[]> ReadLimitedAsync(RegistryResponse response, string repository, string reference, CancellationToken cancellationToken)
    {
        await using Stream body = await response.OpenBodyAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16384];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaximumManifestSize)
            {
                throw new ContainerizeException(ErrorCodes.RegistryProtocolError,
                    $"Registry '{caller.Registry}/{repository}' sent more than {MaximumManifestSize} bytes for manifest '{reference}'.",
                    "Check that the reference names a container image.");
            }
        }

        return buffer.ToArray();
    }
}
