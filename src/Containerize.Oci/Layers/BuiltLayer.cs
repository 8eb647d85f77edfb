using Containerize.Oci.Digests;
using Containerize.Oci.Model;

namespace Containerize.Oci.Layers;

/// <summary>
/// One of our layers, built now or taken from the cache: its descriptor and diffID, a few numbers for the log, and a
/// way to read its blob, which is called only when a destination needs the bytes.
/// </summary>
public sealed record BuiltLayer : ILayer
{
    public required string Name { get; init; }

    /// <summary>The compressed blob (media type, digest, size).</summary>
    public required Descriptor Descriptor { get; init; }

    /// <summary>The digest of the uncompressed tar: what the image config's rootfs lists.</summary>
    public required Digest DiffId { get; init; }

    public required long UncompressedSize { get; init; }

    /// <summary>Files and symlinks in the layer (directories not counted).</summary>
    public required int FileCount { get; init; }

    /// <summary>The layer's cache key (<see cref="LayerKey"/>): a digest of everything its bytes depend on.</summary>
    public Digest ContentKey { get; init; }

    public LayerReuse Reuse { get; init; } = LayerReuse.Built;

    /// <summary>How long finding or building the layer took (hashing its files included).</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Opens the compressed blob; the layer cache's opener verifies it first.</summary>
    public required Func<CancellationToken, Task<Stream>> Content { get; init; }

    public Task<Stream> OpenCompressedAsync(CancellationToken cancellationToken) => Content(cancellationToken);

    public async Task<Stream> OpenUncompressedAsync(CancellationToken cancellationToken) =>
        await LayerDecompression.OpenTarAsync(await Content(cancellationToken).ConfigureAwait(false), Descriptor.Digest, cancellationToken).ConfigureAwait(false);
}
