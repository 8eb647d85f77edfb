using Containerize.Oci.Errors;
using Containerize.Oci.References;

namespace Containerize.Oci.Sources;

/// <summary>Makes the <see cref="IImageSource"/> for a parsed base reference.</summary>
public static class BaseImageSources
{
    /// <param name="registrySourceFactory">Makes a source for a registry reference; without it a registry base is refused.</param>
    public static IImageSource Create(BaseImageReference reference, Func<ImageReference, IImageSource>? registrySourceFactory)
    {
        return reference.Kind switch
        {
            BaseImageKind.Scratch => new ScratchImageSource(),
            BaseImageKind.OciLayout => new OciLayoutImageSource(reference.RecordedName, reference.Path!, reference.LayoutTag),
            BaseImageKind.OciArchive => new OciArchiveImageSource(reference.RecordedName, reference.Path!, reference.LayoutTag),
            BaseImageKind.Registry when registrySourceFactory is not null => registrySourceFactory(reference.Registry!),
            _ => throw new ContainerizeException(
                ErrorCodes.InvalidBaseImageReference,
                $"The base image '{reference.Text}' is in a registry, and this build cannot read registries.",
                "Let the build reach the registry (registry support is enabled by the Containerize.Tasks targets), or copy the base to a folder with skopeo copy and use oci:FOLDER:TAG."),
        };
    }
}
