using Containerize.Oci.Building;
using Containerize.Oci.Model;

namespace Containerize.Oci.Destinations;

/// <summary>What a layout holds for one build: its root (a manifest, or an index of manifests) and the images under it.</summary>
internal sealed record LayoutImage(Descriptor Root, byte[]? IndexBytes, IReadOnlyList<BuiltImage> Images)
{
    public static LayoutImage From(BuiltImage image) => new(image.Manifest with { Annotations = null }, null, [image]);

    public static LayoutImage From(BuiltImageIndex index) => new(index.Index, index.IndexBytes, index.Images);
}
