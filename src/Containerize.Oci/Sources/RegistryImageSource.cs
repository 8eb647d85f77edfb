using System.Text.Json;
using Containerize.Oci.Errors;
using Containerize.Oci.Logging;
using Containerize.Oci.Model;
using Containerize.Oci.References;
using Containerize.Oci.Registry;
using Containerize.Oci.Registry.Credentials;
using Containerize.Oci.Registry.Steps;
using Containerize.Oci.Storage;

namespace Containerize.Oci.Sources;

/// <summary>
/// A base image in a registry, by tag or digest: an index is resolved to the manifest for the target platform
/// (Docker and OCI types both read), the config is downloaded and verified, and layers are read lazily through the
/// caller's blob cache, so a push to the same registry never downloads them.
/// </summary>
public sealed class RegistryImageSource : IImageSource, IDisposable
{
    private readonly string _name;
    private readonly ImageReference _reference;
    private readonly LocalBlobStore _cache;
    private readonly IBuildLog _log;
    private readonly RegistryClient _client;
    private readonly RepairingBlobReader _reader;

    /// <summary>A source for a reference as the user wrote it (<c>REGISTRY/NAME:TAG</c> or <c>…@sha256:…</c>).</summary>
    public RegistryImageSource(string reference, RegistryOptions options, LocalBlobStore cache, IBuildLog log)
        : this(ImageReference.Parse(reference), options, cache, log, reference.Trim())
    {
    }

    /// <summary>A source for a parsed reference (what <see cref="BaseImageSources"/> hands a registry source factory).</summary>
    public RegistryImageSource(ImageReference reference, RegistryOptions options, LocalBlobStore cache, IBuildLog log)
        : this(reference, options, cache, log, reference.ToString())
    {
    }

    private RegistryImageSource(ImageReference reference, RegistryOptions options, LocalBlobStore cache, IBuildLog log, string name)
    {
        _name = name;
        _reference = reference;
        _cache = cache;
        _log = log;
        _client = new RegistryClient(_reference.Registry, options, RegistryAccess.Pull, log);
        _reader = new RepairingBlobReader(cache, log);
    }

    public string Registry => _reference.Registry;

    public string Repository => _reference.Repository;

    public async Task<SourceImage> ResolveAsync(Platform platform, CancellationToken cancellationToken)
    {
        string repository = _reference.Repository;
        PulledManifest pulled = await _client.ManifestPuller.PullAsync(repository, _reference.ManifestReference, cancellationToken).ConfigureAwait(false);
        if (MediaTypes.IsIndex(pulled.MediaType))
        {
            ImageIndex index = Deserialize<ImageIndex>(pulled.Bytes);
            Descriptor chosen = PlatformSelector.Select(index.Manifests, platform)
                ?? throw PlatformMissing(platform, PlatformSelector.Describe(index.Manifests));
            _log.Detail($"Base image {_name}: index {pulled.Digest} has {chosen.Digest} for {platform}.");
            pulled = await _client.ManifestPuller.PullAsync(repository, chosen.Digest.ToString(), cancellationToken).ConfigureAwait(false);
            if (!MediaTypes.IsManifest(pulled.MediaType))
            {
                throw new ContainerizeException(ErrorCodes.RegistryProtocolError,
                    $"The index of '{_name}' points at {chosen.Digest} for {platform}, which is a '{pulled.MediaType}', not an image manifest.",
                    "Use a base image whose index lists image manifests.");
            }
        }

        ImageManifest manifest = Deserialize<ImageManifest>(pulled.Bytes);
        var blobs = new RegistryBlobSource(_client, repository, _cache, _reader);
        byte[] configBytes;
        await using (Stream config = await blobs.OpenBlobAsync(manifest.Config, cancellationToken).ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await config.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            configBytes = buffer.ToArray();
        }

        CheckConfigPlatform(configBytes, platform);
        _log.Info($"Base image {_name} resolved to {_reference.Registry}/{repository}@{pulled.Digest} for {platform}.");
        return new SourceImage
        {
            Name = _name,
            Manifest = new Descriptor { MediaType = pulled.MediaType, Digest = pulled.Digest, Size = pulled.Bytes.Length },
            ManifestMediaType = pulled.MediaType,
            ConfigBytes = configBytes,
            Layers = manifest.Layers,
            Blobs = blobs,
        };
    }

    /// <summary>A single-platform base (no index) must still be for the platform we build.</summary>
    private void CheckConfigPlatform(byte[] configBytes, Platform platform)
    {
        using JsonDocument config = JsonDocument.Parse(configBytes);
        string? os = config.RootElement.TryGetProperty("os", out JsonElement o) ? o.GetString() : null;
        string? architecture = config.RootElement.TryGetProperty("architecture", out JsonElement a) ? a.GetString() : null;
        string? variant = config.RootElement.TryGetProperty("variant", out JsonElement v) ? v.GetString() : null;
        if (os is null || architecture is null)
        {
            return;
        }

        var own = new Platform { Os = os, Architecture = architecture, Variant = variant };
        if (PlatformSelector.Select([new Descriptor { MediaType = MediaTypes.OciManifest, Digest = default, Size = 0, Platform = own }], platform) is null)
        {
            throw PlatformMissing(platform, own.ToString());
        }
    }

    private ContainerizeException PlatformMissing(Platform platform, string available) => new(ErrorCodes.RegistryPlatformNotFound,
        $"Base image '{_name}' has no image for {platform}; it has: {available}.",
        "Pick a base image that supports this platform (ContainerBaseImage), or publish for one of the platforms it has (ContainerRuntimeIdentifier).");

    private T Deserialize<T>(byte[] bytes)
    {
        try
        {
            return OciJson.Deserialize<T>(bytes);
        }
        catch (JsonException exception)
        {
            throw new ContainerizeException(ErrorCodes.RegistryProtocolError,
                $"The manifest of base image '{_name}' could not be read: {exception.Message}",
                "Check that the reference names a container image.", exception);
        }
    }

    public void Dispose() => _client.Dispose();
}
