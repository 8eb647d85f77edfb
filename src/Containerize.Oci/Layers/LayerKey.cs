using Containerize.Oci.Digests;

namespace Containerize.Oci.Layers;

/// <summary>
/// Computes a layer's cache key (see <see cref="LayerKeyBuilder"/>) from its entries without writing the layer. File
/// contents are hashed, never trusted by size and time: a change that keeps both is still a new key. SHA-256 with the
/// CPU's SHA instructions reads at GB/s, a small cost next to re-compressing.
/// </summary>
public static class LayerKey
{
    public static async Task<Digest> ComputeAsync(IEnumerable<LayerEntry> entries, LayerWriteOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(options);
        using var key = new LayerKeyBuilder(options);
        foreach (LayerEntry entry in LayerTree.Complete(entries))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (entry.Type != LayerEntryType.File)
            {
                key.Add(entry, 0, null);
                continue;
            }

            FileStream source = ReproducibleTarWriter.OpenSource(entry);
            await using (source.ConfigureAwait(false))
            {
                Digest content = await Digest.ComputeSha256Async(source, cancellationToken).ConfigureAwait(false);
                // The bytes read, not the size stat'ed: what the hash covers.
                key.Add(entry, source.Position, content);
            }
        }

        return key.Finish();
    }
}
