using System.Buffers;
using System.Security.Cryptography;
using Containerize.Oci.Digests;

namespace Containerize.Oci.Layers;

/// <summary>
/// Computes a layer's cache key (see <see cref="LayerKeyBuilder"/>) from its entries without writing the layer. File
/// contents are hashed, never trusted by size and time: a change that keeps both is still a new key. SHA-256 with the
/// CPU's SHA instructions reads at GB/s, a small cost next to re-compressing.
/// </summary>
public static class LayerKey
{
    private const int BufferSize = 1 << 20;

    public static async Task<Digest> ComputeAsync(IEnumerable<LayerEntry> entries, LayerWriteOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(options);
        using var key = new LayerKeyBuilder(options);
        using var content = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            foreach (LayerEntry entry in LayerTree.Complete(entries))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (entry.Type != LayerEntryType.File)
                {
                    key.Add(entry, 0, null);
                    continue;
                }

                long size = await HashFileAsync(entry, content, buffer, cancellationToken).ConfigureAwait(false);
                key.Add(entry, size, Digest.FromSha256Hash(content.GetHashAndReset()));
            }

            return key.Finish();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<long> HashFileAsync(LayerEntry entry, IncrementalHash content, byte[] buffer, CancellationToken cancellationToken)
    {
        FileStream source = ReproducibleTarWriter.OpenSource(entry);
        await using (source.ConfigureAwait(false))
        {
            long size = 0;
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                content.AppendData(buffer, 0, read);
                size += read;
            }

            return size;
        }
    }
}
