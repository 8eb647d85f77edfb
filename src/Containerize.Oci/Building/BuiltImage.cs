using Containerize.Oci.Digests;
using Containerize.Oci.Layers;
using Containerize.Oci.Model;

namespace Containerize.Oci.Building;

/// <summary>Opens blobs by descriptor: the base image's source, the local blob store, a registry.</summary>
public interface IBlobSource
{
    Task<Stream> OpenBlobAsync(Descriptor descriptor, CancellationToken cancellationToken);
}

/// <summary>Where the base came from, as recorded in the image's annotations.</summary>
public sealed record BaseImageInfo(string Name, Digest? ManifestDigest);

/// <summary>
/// A finished single-platform image: manifest and config bytes (exactly what is written or pushed), every layer's
/// descriptor, and a way to read every blob. Destinations take this and nothing else.
/// </summary>
public sealed record BuiltImage
{
    public required Descriptor Manifest { get; init; }

    public required byte[] ManifestBytes { get; init; }

    public required Descriptor Config { get; init; }

    public required byte[] ConfigBytes { get; init; }

    /// <summary>The base image's layers, bottom first.</summary>
    public required IReadOnlyList<Descriptor> BaseLayers { get; init; }

    /// <summary>Our layers, bottom first.</summary>
    public required IReadOnlyList<BuiltLayer> AppLayers { get; init; }

    public required Platform Platform { get; init; }

    public required BaseImageInfo Base { get; init; }

    /// <summary>Reads any layer blob of this image (base or ours).</summary>
    public required IBlobSource Blobs { get; init; }

    /// <summary>Every layer descriptor in manifest order.</summary>
    public IEnumerable<Descriptor> AllLayers => BaseLayers.Concat(AppLayers.Select(layer => layer.Descriptor));
}
