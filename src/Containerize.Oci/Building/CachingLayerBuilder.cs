using System.Diagnostics;
using Containerize.Oci.Digests;
using Containerize.Oci.Errors;
using Containerize.Oci.Layers;
using Containerize.Oci.Logging;
using Containerize.Oci.Model;
using Containerize.Oci.Storage;

namespace Containerize.Oci.Building;

/// <summary>
/// Makes our layers, each taken from the layer cache when its key is there and built (then filed) when not. Layers
/// are independent, so several are made at once, bounded by the cores. A cache hit reads no blob: the layer is known
/// by its digest, and its bytes are verified only if a destination opens them.
/// </summary>
internal sealed class CachingLayerBuilder
{
    private readonly LayerCache _cache;
    private readonly LayerWriteOptions _options;
    private readonly IBuildLog _log;
    private readonly RepairingBlobReader _reader;

    public CachingLayerBuilder(LayerCache cache, LayerWriteOptions options, IBuildLog log)
    {
        _cache = cache;
        _options = options;
        _log = log;
        _reader = new RepairingBlobReader(cache.Blobs, log);
    }

    public async Task<IReadOnlyList<BuiltLayer>> BuildAllAsync(IReadOnlyList<PlannedLayer> layers, CancellationToken cancellationToken)
    {
        var built = new BuiltLayer[layers.Count];
        using var cores = new SemaphoreSlim(Math.Max(1, Environment.ProcessorCount));
        await Task.WhenAll(layers.Select(async (layer, index) =>
        {
            await cores.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                built[index] = await BuildAsync(layer, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new ContainerizeException(ErrorCodes.CacheUnusable,
                    $"The layer cache '{_cache.RootDirectory}' cannot be used for layer {layer.Name}: {exception.Message}",
                    "Point ContainerizeCacheDirectory at a writable folder with free space, or free space on its disk.", exception);
            }
            finally
            {
                cores.Release();
            }
        })).ConfigureAwait(false);
        return built;
    }

    private async Task<BuiltLayer> BuildAsync(PlannedLayer planned, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        Digest key = await LayerKey.ComputeAsync(planned.Entries, _options, cancellationToken).ConfigureAwait(false);

        // Parallel builds of a solution share layers (runtime, packages): one builds, the others wait and find it cached.
        using FileLock held = await FileLock.AcquireAsync(Path.Combine(_cache.LockDirectory, $"layer-{key.Encoded}"), cancellationToken).ConfigureAwait(false);
        LayerCacheEntry? entry = _cache.Find(key, out string? problem);
        if (problem is not null)
        {
            _log.Warning(ErrorCodes.CacheEntryDamaged, $"Layer {planned.Name}: {problem}; it was removed and the layer is built again.");
        }

        if (entry is not null)
        {
            var digest = Digest.Parse(entry.Digest);
            if (_cache.Blobs.Contains(digest, entry.Size))
            {
                _cache.Blobs.Touch(digest);
                var verified = new VerifiedLayerContent(_reader, _cache, planned, _options, digest, entry.Size);
                return new BuiltLayer
                {
                    Name = planned.Name,
                    Descriptor = new Descriptor { MediaType = _options.MediaType, Digest = digest, Size = entry.Size },
                    DiffId = Digest.Parse(entry.DiffId),
                    UncompressedSize = entry.UncompressedSize,
                    FileCount = entry.FileCount,
                    ContentKey = key,
                    Reuse = LayerReuse.Cached,
                    Duration = clock.Elapsed,
                    Content = verified.OpenAsync,
                };
            }

            if (_cache.Blobs.Contains(digest))
            {
                _log.Warning(ErrorCodes.CacheEntryDamaged, $"Layer {planned.Name}: the cached blob '{_cache.Blobs.GetPath(digest)}' has the wrong size; it was removed and the layer is built again.");
                _cache.Blobs.Delete(digest);
            }
        }

        BuiltLayer layer = await LayerBlobWriter.WriteAsync(planned, _options, _cache.Blobs, cancellationToken).ConfigureAwait(false);
        _cache.Add(layer.ContentKey, new LayerCacheEntry
        {
            Digest = layer.Descriptor.Digest.ToString(),
            Size = layer.Descriptor.Size,
            DiffId = layer.DiffId.ToString(),
            UncompressedSize = layer.UncompressedSize,
            FileCount = layer.FileCount,
        });
        _reader.MarkWritten(layer.Descriptor.Digest);
        var content = new VerifiedLayerContent(_reader, _cache, planned, _options, layer.Descriptor.Digest, layer.Descriptor.Size);
        return layer with { Reuse = LayerReuse.Built, Duration = clock.Elapsed, Content = content.OpenAsync };
    }
}
