using Containerize.Oci.Digests;
using Containerize.Oci.Layers;
using Containerize.Oci.Model;

namespace Containerize.Oci.Building;

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
    public required IReadOnlyList<ILayer> BaseLayers { get; init; }

    /// <summary>Our layers, bottom first.</summary>
    public required IReadOnlyList<BuiltLayer> AppLayers { get; init; }

    public required Platform Platform { get; init; }

    public required BaseImageInfo Base { get; init; }

    /// <summary>Reads any blob of this image by descriptor: its layers (base or ours), config and manifest.</summary>
    public required IBlobSource Blobs { get; init; }

    /// <summary>Every layer in manifest order.</summary>
    public IEnumerable<ILayer> AllLayers => BaseLayers.Concat<ILayer>(AppLayers);
}
