using Containerize.Oci.Errors;
using Containerize.Oci.Model;

namespace Containerize.Oci.Building;

/// <summary>
/// The media types of one family (OCI or Docker v2). A manifest uses one family for itself, its config and all its
/// layers: Quay and OpenShift reject a mix, and gzip layer bytes are the same under either name.
/// </summary>
public sealed record MediaTypeFamily(string Manifest, string Config, string LayerGzip, string Index)
{
    public static readonly MediaTypeFamily Oci = new(MediaTypes.OciManifest, MediaTypes.OciConfig, MediaTypes.OciLayerGzip, MediaTypes.OciIndex);

    public static readonly MediaTypeFamily Docker = new(MediaTypes.DockerManifest, MediaTypes.DockerConfig, MediaTypes.DockerLayerGzip, MediaTypes.DockerManifestList);

    public bool IsDocker => ReferenceEquals(this, Docker);

    /// <summary>The requested format, or the base's: Docker when its manifest is Docker v2, else OCI (scratch is OCI).</summary>
    public static MediaTypeFamily Choose(ImageFormat format, string? baseManifestMediaType) => format switch
    {
        ImageFormat.Oci => Oci,
        ImageFormat.Docker => Docker,
        ImageFormat.FollowBase => baseManifestMediaType == MediaTypes.DockerManifest ? Docker : Oci,
        _ => throw new ContainerizeException(ErrorCodes.InvalidImageFormat, $"The image format '{format}' is not known.", "Use OCI or Docker."),
    };

    /// <summary>A base layer's media type in this family; gzip layers are renamed, types without a counterpart are refused.</summary>
    public string ConvertLayer(string mediaType)
    {
        if (mediaType is MediaTypes.OciLayerGzip or MediaTypes.DockerLayerGzip)
        {
            return LayerGzip;
        }

        if (IsDocker == MediaTypes.IsDocker(mediaType))
        {
            return mediaType;
        }

        throw new ContainerizeException(
            ErrorCodes.InvalidImageFormat,
            $"A base image layer has media type '{mediaType}', which has no {(IsDocker ? "Docker" : "OCI")} counterpart.",
            IsDocker ? "Set ContainerImageFormat to OCI (or leave it unset to follow the base image)." : "Set ContainerImageFormat to Docker (or leave it unset to follow the base image).");
    }
}
