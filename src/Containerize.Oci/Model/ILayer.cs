using Containerize.Oci.Digests;

namespace Containerize.Oci.Model;

/// <summary>
/// One layer of an image, whatever made it: a base image's layer, one of ours taken from the cache, one built now.
/// What it is (digest, size, media type, diffID) is known without its bytes; the bytes are read only when a
/// destination asks, so a registry that already has the blob never costs a read.
/// </summary>
public interface ILayer
{
    /// <summary>The compressed blob: media type, digest and size, as the manifest lists it.</summary>
    Descriptor Descriptor { get; }

    /// <summary>The digest of the uncompressed tar, as the image config's rootfs lists it.</summary>
    Digest DiffId { get; }

    /// <summary>The blob's bytes, checked against <see cref="Descriptor"/>.</summary>
    Task<Stream> OpenCompressedAsync(CancellationToken cancellationToken);

    /// <summary>The tar inside the blob.</summary>
    Task<Stream> OpenUncompressedAsync(CancellationToken cancellationToken);
}
