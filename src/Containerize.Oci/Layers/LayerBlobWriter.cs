using System.IO.Compression;
using Containerize.Oci.Digests;
using Containerize.Oci.Model;
using Containerize.Oci.Storage;

namespace Containerize.Oci.Layers;

/// <summary>
/// Writes a planned layer as a deterministic tar, hashing it (diffID) and gzipping it (digest) in one pass:
/// tar -> sha256 and count -> segmented gzip (parallel) -> sha256 and count -> a temporary file in the store -> commit
/// under its digest. The diffID is the determinism contract; the compressed bytes also follow the runtime's deflate.
/// </summary>
public static class LayerBlobWriter
{
    /// <summary>
    /// Names the rules that make a layer's bytes: the tar rules, gzip in 1 MiB segments at zlib's default level. It is
    /// part of every cache key, so a change here never reuses a layer written by the old rules.
    /// </summary>
    public const string FormatVersion = "tar/1 gzip-segments/1MiB level/optimal";

    /// <summary>zlib's default level: close to the smallest output at a fraction of the time of the highest level.</summary>
    internal const CompressionLevel Level = CompressionLevel.Optimal;

    public static async Task<BuiltLayer> WriteAsync(PlannedLayer layer, LayerWriteOptions options, LocalBlobStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);

        string temporaryPath = store.CreateTemporaryPath();
        try
        {
            Digest diffId;
            long uncompressedSize;
            Digest digest;
            long compressedSize;
            int fileCount;
            Digest contentKey;
            var file = new FileStream(temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                using var key = new LayerKeyBuilder(options);
                using var compressed = new HashingWriteStream(file);
                using var gzip = new SegmentedGzipStream(compressed, Level);
                using var uncompressed = new HashingWriteStream(gzip);
                fileCount = await ReproducibleTarWriter.WriteAsync(layer.Entries, options.Timestamp, uncompressed, key, cancellationToken).ConfigureAwait(false);
                await gzip.FinishAsync(cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                diffId = uncompressed.GetDigest();
                uncompressedSize = uncompressed.BytesWritten;
                digest = compressed.GetDigest();
                compressedSize = compressed.BytesWritten;
                contentKey = key.Finish();
            }

            store.Commit(temporaryPath, digest);
            return new BuiltLayer
            {
                Name = layer.Name,
                Descriptor = new Descriptor { MediaType = options.MediaType, Digest = digest, Size = compressedSize },
                DiffId = diffId,
                UncompressedSize = uncompressedSize,
                FileCount = fileCount,
                ContentKey = contentKey,
                Content = _ => Task.FromResult(store.OpenRead(digest, compressedSize)),
            };
        }
        catch
        {
            File.Delete(temporaryPath);
            throw;
        }
    }
}
