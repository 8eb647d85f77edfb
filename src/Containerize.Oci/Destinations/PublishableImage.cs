using Containerize.Oci.Building;
using Containerize.Oci.Model;

namespace Containerize.Oci.Destinations;

/// <summary>
/// What one build sends to its destinations: a single-platform image, or an index over several (multi-arch). Every
/// destination takes this one type, so a destination written for single images takes an index without a new method.
/// </summary>
public sealed record PublishableImage
{
    private PublishableImage(Descriptor root, byte[] rootBytes, byte[]? indexBytes, IReadOnlyList<BuiltImage> images)
    {
        Root = root;
        RootBytes = rootBytes;
        IndexBytes = indexBytes;
        Images = images;
    }

    /// <summary>What the tags name: the image's manifest, or the index.</summary>
    public Descriptor Root { get; }

    /// <summary>The exact bytes of <see cref="Root"/>.</summary>
    public byte[] RootBytes { get; }

    /// <summary>The index's bytes when this is an index; null for a single image.</summary>
    public byte[]? IndexBytes { get; }

    /// <summary>The single-platform images: one for a single image, one per platform for an index.</summary>
    public IReadOnlyList<BuiltImage> Images { get; }

    public bool IsIndex => IndexBytes is not null;

    /// <summary>Artifacts that refer to <see cref="Root"/> (its SBOM), written after it: the same for every destination.</summary>
    public IReadOnlyList<ImageReferrer> Referrers { get; init; } = [];

    public static PublishableImage From(BuiltImage image) => new(image.Manifest with { Annotations = null }, image.ManifestBytes, null, [image]);

    public static PublishableImage From(BuiltImageIndex index) => new(index.Index, index.IndexBytes, index.IndexBytes, index.Images);
}
