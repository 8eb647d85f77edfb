using Containerize.Oci.Digests;
using Containerize.Oci.Errors;
using Containerize.Oci.Layers;
using Containerize.Oci.Storage;

namespace Containerize.Oci.Building;

/// <summary>
/// Opens one of our layer blobs in the cache through the <see cref="RepairingBlobReader"/>: checked once per build before any
/// destination reads it, and a damaged copy is rebuilt from the layer's files, so it never reaches an image. A rebuild
/// must give the same digest, or the files changed while the image was built.
/// </summary>
internal sealed class VerifiedLayerContent
{
    private readonly RepairingBlobReader _reader;
    private readonly LayerCache _cache;
    private readonly PlannedLayer _layer;
    private readonly LayerWriteOptions _options;
    private readonly Digest _digest;
    private readonly long _size;

    public VerifiedLayerContent(RepairingBlobReader reader, LayerCache cache, PlannedLayer layer, LayerWriteOptions options, Digest digest, long size)
    {
        _reader = reader;
        _cache = cache;
        _layer = layer;
        _options = options;
        _digest = digest;
        _size = size;
    }

    public Task<Stream> OpenAsync(CancellationToken cancellationToken) =>
        _reader.OpenAsync(_digest, _size, $"Layer {_layer.Name}", RebuildAsync, "the layer is built again from its files", cancellationToken);

    private async Task RebuildAsync(CancellationToken cancellationToken)
    {
        BuiltLayer rebuilt = await LayerBlobWriter.WriteAsync(_layer, _options, _cache.Blobs, cancellationToken).ConfigureAwait(false);
        if (rebuilt.Descriptor.Digest != _digest)
        {
            throw new ContainerizeException(ErrorCodes.PublishedFileChanged,
                $"The layer {_layer.Name} was built again and came out as {rebuilt.Descriptor.Digest}, not {_digest}: its files changed while the image was built.",
                "Make sure nothing writes to the publish output while the image is built, then build again.");
        }
    }
}
