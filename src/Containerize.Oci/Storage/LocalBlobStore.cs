using Containerize.Oci.Digests;

namespace Containerize.Oci.Storage;

/// <summary>
/// A content-addressed folder of blobs laid out as an OCI layout's <c>blobs/</c>: <c>&lt;root&gt;/sha256/&lt;hex&gt;</c>.
/// A blob becomes visible only by an atomic rename after it is complete and its digest checked, so a reader never sees
/// a half-written blob, and two builds writing the same blob at once both succeed.
/// </summary>
public sealed class LocalBlobStore
{
    public LocalBlobStore(string rootDirectory)
    {
        RootDirectory = Path.GetFullPath(rootDirectory);
    }

    public string RootDirectory { get; }

    public string GetPath(Digest digest) => Path.Combine(RootDirectory, digest.Algorithm, digest.Encoded);

    public bool Contains(Digest digest) => File.Exists(GetPath(digest));

    /// <summary>Whether the blob is there with the expected size (a cheap check; <see cref="IsIntactAsync"/> reads it).</summary>
    public bool Contains(Digest digest, long size)
    {
        var file = new FileInfo(GetPath(digest));
        return file.Exists && file.Length == size;
    }

    /// <summary>Reads the whole blob and checks its size and sha256: a file that only looks right is never used.</summary>
    public async Task<bool> IsIntactAsync(Digest digest, long size, CancellationToken cancellationToken)
    {
        if (!Contains(digest, size))
        {
            return false;
        }

        var file = new FileStream(GetPath(digest), FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        await using (file.ConfigureAwait(false))
        {
            return await Digest.ComputeSha256Async(file, cancellationToken).ConfigureAwait(false) == digest;
        }
    }

    /// <summary>Removes a blob (a damaged one, or an evicted one); a blob already gone is fine.</summary>
    public void Delete(Digest digest) => File.Delete(GetPath(digest));

    /// <summary>Marks the blob as just used, for least-recently-used eviction (its modification time is its last use).</summary>
    public void Touch(Digest digest) => StoreFiles.Touch(GetPath(digest));

    public Stream OpenRead(Digest digest) =>
        new FileStream(GetPath(digest), FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan | FileOptions.Asynchronous);

    /// <summary>A fresh temporary path inside the store (same file system, so the final move is atomic).</summary>
    public string CreateTemporaryPath()
    {
        string directory = Path.Combine(RootDirectory, "tmp");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, Guid.NewGuid().ToString("N"));
    }

    /// <summary>Moves a finished temporary file in under <paramref name="digest"/>. The caller has computed the digest while writing.</summary>
    public string Commit(string temporaryPath, Digest digest)
    {
        string finalPath = GetPath(digest);
        Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
        if (File.Exists(finalPath))
        {
            File.Delete(temporaryPath);
            return finalPath;
        }

        try
        {
            File.Move(temporaryPath, finalPath, overwrite: false);
        }
        catch (IOException) when (File.Exists(finalPath))
        {
            // Another writer committed the same content first: identical bytes, nothing to do.
            File.Delete(temporaryPath);
        }

        return finalPath;
    }

    /// <summary>Writes a small blob (a manifest or config) held in memory.</summary>
    public Digest Add(ReadOnlySpan<byte> content)
    {
        Digest digest = Digest.ComputeSha256(content);
        if (!Contains(digest))
        {
            string temporaryPath = CreateTemporaryPath();
            File.WriteAllBytes(temporaryPath, content.ToArray());
            Commit(temporaryPath, digest);
        }

        return digest;
    }
}
