namespace Containerize.Oci.Building;

/// <summary>The media-type family of the produced manifest and config (<c>ContainerImageFormat</c>).</summary>
public enum ImageFormat
{
    /// <summary>Follow the base image: Docker if its manifest is Docker v2, else OCI. Scratch is OCI.</summary>
    FollowBase,
    Oci,
    Docker,
}
