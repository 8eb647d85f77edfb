using Containerize.Oci.Building;

namespace Containerize.Oci.Destinations;

/// <summary>
/// Writes an image as one .tar that holds an OCI image layout (oci-layout, index.json, blobs/) and a Docker-style
/// manifest.json beside it, so docker load, podman load, skopeo's oci-archive: and docker-archive: all accept it.
/// </summary>
public static class OciArchiveWriter
{
    /// <param name="imageNames">Full names such as <c>team/api:1.0</c>, recorded as tags in both index.json and manifest.json.</param>
    public static Task WriteAsync(BuiltImage image, string archivePath, IReadOnlyList<string> imageNames, CancellationToken cancellationToken) =>
        throw new NotImplementedException();
}
