using Containerize.Oci.Digests;
using Containerize.Oci.Errors;
using Containerize.Oci.Layers;
using Containerize.Oci.Logging;
using Containerize.Oci.Storage;

namespace Containerize.Oci.Building;

/// <summary>
/// Opens one of our layer blobs in the cache, checked first: the whole blob is hashed once per build before any
/// destination reads it. A damaged blob is reported, removed and built again from the layer's files, so it never
/// reaches an image; a rebuild must give the same digest, or the files changed while the image was built.
/// </summary>
internal sealed class VerifiedLayerContent
{
    private readonly LayerCache _cache;
    private readonly PlannedLayer _layer;
    private readonly LayerWriteOptions _options;
    private readonly Digest _digest;
    private readonly long _size;
    private readonly IBuildLog _log;
    private readonly Lazy<Task> _verified;

    public VerifiedLayerContent(LayerCache cache, PlannedLayer layer, LayerWriteOptions options, Digest digest, long size, IBuildLog log)
    {
        _cache = cache;
        _layer = layer;
        _options = options;
        _digest = digest;
        _size = size;
        _log = log;
        _verified = new Lazy<Task>(() => VerifyOrRebuildAsync(CancellationToken.None));
    }

    public async Task<Stream> OpenAsync(CancellationToken cancellationToken)
    {
        await _verified.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        return _cache.Blobs.OpenRead(_digest);
    }

    private async Task VerifyOrRebuildAsync(CancellationToken cancellationToken)
    {
        if (await _cache.Blobs.IsIntactAsync(_digest, _size, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        _log.Warning(ErrorCodes.CacheEntryDamaged,
            $"Layer {_layer.Name}: the cached blob '{_cache.Blobs.GetPath(_digest)}' does not match {_digest}; it was removed and the layer is built again.");
        _cache.Blobs.Delete(_digest);
        BuiltLayer rebuilt = await LayerBlobWriter.WriteAsync(_layer, _options, _cache.Blobs, cancellationToken).ConfigureAwait(false);
        if (rebuilt.Descriptor.Digest != _digest)
        {
            throw new ContainerizeException(ErrorCodes.PublishedFileChanged,
                $"The layer {_layer.Name} was built again and came out as {rebuilt.Descriptor.Digest}, not {_digest}: its files changed while the image was built.",
                "Make sure nothing writes to the publish output while the image is built, then build again.");
        }
    }
}
