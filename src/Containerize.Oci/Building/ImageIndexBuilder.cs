using Containerize.Oci.Digests;
using Containerize.Oci.Errors;
using Containerize.Oci.Model;

namespace Containerize.Oci.Building;

/// <summary>
/// Makes the index of a multi-RID build: one entry per image with its platform. The index is in the images' family
/// (an OCI index for OCI manifests, a Docker manifest list for Docker ones), so no registry sees the families mixed.
/// </summary>
public static class ImageIndexBuilder
{
    public static BuiltImageIndex Build(IReadOnlyList<BuiltImage> images)
    {
        if (images.Count == 0)
        {
            throw new ContainerizeException(ErrorCodes.Internal, "An image index was requested for no images.", "Report this as a bug in Containerize.Tasks.");
        }

        bool docker = MediaTypes.IsDocker(images[0].Manifest.MediaType);
        if (images.Any(image => MediaTypes.IsDocker(image.Manifest.MediaType) != docker))
        {
            throw new ContainerizeException(
                ErrorCodes.InvalidImageFormat,
                $"The images for {string.Join(", ", images.Select(image => image.Platform))} mix OCI and Docker manifests, which one index cannot hold.",
                "Set ContainerImageFormat to OCI or Docker so every platform's image has the same format.");
        }

        string? duplicate = images.GroupBy(image => image.Platform.ToString()).FirstOrDefault(group => group.Count() > 1)?.Key;
        if (duplicate is not null)
        {
            throw new ContainerizeException(
                ErrorCodes.UnsupportedRuntimeIdentifier,
                $"Two runtime identifiers give images for the same platform {duplicate}.",
                "List each platform once in ContainerRuntimeIdentifiers (linux-x64 and linux-musl-x64 are both linux/amd64).");
        }

        string mediaType = docker ? MediaTypes.DockerManifestList : MediaTypes.OciIndex;
        var index = new ImageIndex
        {
            MediaType = mediaType,
            Manifests = images.Select(image => image.Manifest with { Annotations = null }).ToArray(),
        };
        byte[] bytes = OciJson.Serialize(index);
        return new BuiltImageIndex
        {
            Index = new Descriptor { MediaType = mediaType, Digest = Digest.ComputeSha256(bytes), Size = bytes.LongLength },
            IndexBytes = bytes,
            Images = images,
        };
    }
}
