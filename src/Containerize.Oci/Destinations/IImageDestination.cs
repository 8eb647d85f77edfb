using Containerize.Oci.References;

namespace Containerize.Oci.Destinations;

/// <summary>
/// One place a built image goes: an OCI archive, an OCI layout folder, a registry, the local engine; or several at once
/// (<see cref="MultiDestination"/>). Each takes a single image or an index alike (<see cref="PublishableImage"/>).
/// </summary>
public interface IImageDestination
{
    /// <summary>
    /// Sends <paramref name="image"/> under every one of <paramref name="names"/>; nothing half-written is left on failure
    /// and no name points at an image whose blobs are not all there. One result per destination written.
    /// </summary>
    Task<IReadOnlyList<DestinationResult>> SendAsync(PublishableImage image, IReadOnlyList<ImageName> names, CancellationToken cancellationToken);
}
