using Containerize.Oci.Digests;
using Containerize.Oci.Layers;
using Containerize.Oci.Model;

namespace Containerize.Oci.Building;

/// <summary>Makes the image manifest: config and every layer in one media-type family, the base recorded in annotations.</summary>
internal static class ManifestBuilder
{
    public const string BaseNameAnnotation = "org.opencontainers.image.base.name";
    public const string BaseDigestAnnotation = "org.opencontainers.image.base.digest";

    public static ImageManifest Build(MediaTypeFamily family, byte[] configBytes, IReadOnlyList<Descriptor> baseLayers, IReadOnlyList<BuiltLayer> layers, BaseImageInfo baseImage)
    {
        var config = new Descriptor { MediaType = family.Config, Digest = Digest.ComputeSha256(configBytes), Size = configBytes.LongLength };
        Descriptor[] allLayers =
        [
            .. baseLayers.Select(layer => WithoutPlatform(layer) with { MediaType = family.ConvertLayer(layer.MediaType) }),
            .. layers.Select(layer => layer.Descriptor with { MediaType = family.ConvertLayer(layer.Descriptor.MediaType) }),
        ];

        // Docker v2 manifests have no annotations; OCI ones record where the base came from (as ko and the SDK do).
        Dictionary<string, string>? annotations = null;
        if (!family.IsDocker && baseImage.ManifestDigest is { } baseDigest)
        {
            annotations = new Dictionary<string, string>
            {
                [BaseNameAnnotation] = baseImage.Name,
                [BaseDigestAnnotation] = baseDigest.ToString(),
            };
        }

        return new ImageManifest
        {
            MediaType = family.Manifest,
            Config = config,
            Layers = allLayers,
            Annotations = annotations,
        };
    }

    private static Descriptor WithoutPlatform(Descriptor layer) => layer with { Platform = null };
}
