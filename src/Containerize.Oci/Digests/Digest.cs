using System.Security.Cryptography;

namespace Containerize.Oci.Digests;

/// <summary>A content digest such as <c>sha256:0f3a…</c>: the identity of every blob, layer and manifest.</summary>
/// <remarks>Only sha256 is produced; sha512 is parsed so that references to it fail with a clear message later.</remarks>
[System.Text.Json.Serialization.JsonConverter(typeof(DigestJsonConverter))]
public readonly record struct Digest
{
    public const string Sha256 = "sha256";

    private Digest(string algorithm, string encoded)
    {
        Algorithm = algorithm;
        Encoded = encoded;
    }

    /// <summary>The algorithm, for example <c>sha256</c>.</summary>
    public string Algorithm { get; }

    /// <summary>The lower-case hex encoding of the hash.</summary>
    public string Encoded { get; }

    public override string ToString() => $"{Algorithm}:{Encoded}";

    /// <summary>Makes a sha256 digest from the raw 32 bytes of a hash.</summary>
    public static Digest FromSha256Hash(ReadOnlySpan<byte> hash)
    {
        if (hash.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException($"A sha256 hash has {SHA256.HashSizeInBytes} bytes, not {hash.Length}.", nameof(hash));
        }

        return new Digest(Sha256, Convert.ToHexString(hash).ToLowerInvariant());
    }

    /// <summary>Hashes a whole buffer (manifests and configs; blobs are hashed while streaming).</summary>
    public static Digest ComputeSha256(ReadOnlySpan<byte> content) => FromSha256Hash(SHA256.HashData(content));

    /// <summary>
    /// Hashes a stream to its end in 1 MiB reads: the one way we hash files (cache keys, cache checks), so an unbuffered
    /// FileStream reads at disk speed instead of in small pieces.
    /// </summary>
    public static async Task<Digest> ComputeSha256Async(Stream content, CancellationToken cancellationToken = default)
    {
        const int BufferSize = 1 << 20;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }

            return FromSha256Hash(hash.GetHashAndReset());
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Parses <c>algorithm:encoded</c>; throws <see cref="FormatException"/> naming the value when it is not one.</summary>
    public static Digest Parse(string value)
    {
        if (TryParse(value, out Digest digest))
        {
            return digest;
        }

        throw new FormatException($"'{value}' is not a digest of the form sha256:<64 lower-case hex digits>.");
    }

    public static bool TryParse(string? value, out Digest digest)
    {
        digest = default;
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        int colon = value.IndexOf(':');
        if (colon <= 0 || colon == value.Length - 1)
        {
            return false;
        }

        string algorithm = value[..colon];
        string encoded = value[(colon + 1)..];
        int expectedLength = algorithm switch
        {
            Sha256 => 64,
            "sha512" => 128,
            _ => -1,
        };
        if (expectedLength < 0 || encoded.Length != expectedLength || !IsLowerHex(encoded))
        {
            return false;
        }

        digest = new Digest(algorithm, encoded);
        return true;
    }

    private static bool IsLowerHex(string value)
    {
        foreach (char c in value)
        {
            if (c is not (>= '0' and <= '9' or >= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }
}
