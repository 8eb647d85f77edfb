using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Containerize.Oci.Digests;

namespace Containerize.Oci.Layers;

/// <summary>
/// Accumulates a layer's cache key: a SHA-256 over everything its bytes depend on. The layer format and the runtime
/// (whose zlib-ng does the deflate) come first, then the timestamp, then each entry of the completed tree in tar order:
/// type, container path, mode, owner, link target, and for files their size and the SHA-256 of their content. Each
/// field is length-prefixed, so no two different inputs hash the same text.
/// </summary>
internal sealed class LayerKeyBuilder : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public LayerKeyBuilder(LayerWriteOptions options)
    {
        Append("containerize-layer-key");
        Append(LayerBlobWriter.FormatVersion);
        Append(RuntimeInformation.FrameworkDescription);
        Append(options.Timestamp.ToUnixTimeSeconds());
    }

    public void Add(LayerEntry entry, long size, Digest? content)
    {
        Append((long)entry.Type);
        Append(entry.ContainerPath);
        Append((long)entry.Mode);
        Append(entry.UserId);
        Append(entry.GroupId);
        Append(entry.LinkTarget ?? string.Empty);
        Append(size);
        Append(content?.ToString() ?? string.Empty);
    }

    /// <summary>The key; call once, after the last entry.</summary>
    public Digest Finish() => Digest.FromSha256Hash(_hash.GetHashAndReset());

    public void Dispose() => _hash.Dispose();

    private void Append(string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        Append(bytes.LongLength);
        _hash.AppendData(bytes);
    }

    private void Append(long value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        _hash.AppendData(bytes);
    }
}
