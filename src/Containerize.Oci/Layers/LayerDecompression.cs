using System.IO.Compression;
using Containerize.Oci.Digests;
using Containerize.Oci.IO;

namespace Containerize.Oci.Layers;

/// <summary>Opens the tar inside a layer blob, whatever its compression claims to be.</summary>
public static class LayerDecompression
{
    /// <summary>
    /// Sniffs rather than trusts the media type: gzip bytes are the same under the OCI and Docker names, and some
    /// bases label uncompressed tars as gzip. zstd cannot be read here.
    /// </summary>
    public static async Task<Stream> OpenTarAsync(Stream blob, Digest digest, CancellationToken cancellationToken)
    {
        var buffered = new BufferedStream(blob, 65536);
        byte[] magic = new byte[4];
        int read = 0;
        while (read < magic.Length)
        {
            int count = await buffered.ReadAsync(magic.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (count == 0)
            {
                break;
            }

            read += count;
        }

        var whole = new PrefixedStream(magic.AsMemory(0, read), buffered);
        if (read >= 2 && magic[0] == 0x1f && magic[1] == 0x8b)
        {
            return new GZipStream(whole, CompressionMode.Decompress);
        }

        if (read >= 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd)
        {
            await whole.DisposeAsync().ConfigureAwait(false);
            throw new NotSupportedException($"The layer {digest} is zstd-compressed, which cannot be read here.");
        }

        return whole;
    }
}
