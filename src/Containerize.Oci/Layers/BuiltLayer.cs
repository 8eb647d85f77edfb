using Containerize.Oci.Digests;
using Containerize.Oci.Model;

namespace Containerize.Oci.Layers;

/// <summary>A layer written to the blob store: its compressed descriptor, its diffID and a few numbers for the log.</summary>
public sealed record BuiltLayer
{
    public required string Name { get; init; }

    /// <summary>The compressed blob (media type, digest, size).</summary>
    public required Descriptor Descriptor { get; init; }

    /// <summary>The digest of the uncompressed tar: what the image config's rootfs lists.</summary>
    public required Digest DiffId { get; init; }

    public required long UncompressedSize { get; init; }

    /// <summary>Files and symlinks in the layer (directories not counted).</summary>
    public required int FileCount { get; init; }
}
