using Containerize.Oci.Digests;
using Containerize.Oci.Errors;
using Containerize.Oci.IO;

namespace Containerize.Oci.Storage;

/// <summary>
/// A content-addressed folder of blobs laid out as an OCI layout's <c>blobs/</c>: <c>&lt;root&gt;/sha256/&lt;hex&gt;</c>.
/// A blob becomes visible only by an atomic rename after it is complete and its digest checked, so a reader never sees
/// a half-written blob, and two builds writing the same blob at once both succeed. A file is never trusted because it
/// exists: every read goes through <see cref="VerifyingReadStream"/>, and <see cref="IsIntactAsync"/> hashes it whole.
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

    /// <summary>Reads the whole blob through the verifying reader: a file that only looks right is never used.</summary>
    public async Task<bool> IsIntactAsync(Digest digest, long size, CancellationToken cancellationToken) =>
        await FindDamageAsync(digest, size, cancellationToken).ConfigureAwait(false) is null;

    /// <summary>What is wrong with the stored blob ("is missing", "has 3 bytes, not 4", "hashes to …"), or null when it is intact.</summary>
    public async Task<string?> FindDamageAsync(Digest digest, long size, CancellationToken cancellationToken)
    {
        if (!Contains(digest))
        {
            return "is missing";
        }

        if (!Contains(digest, size))
        {
            return $"has {new FileInfo(GetPath(digest)).Length} bytes, not {size}";
        }

        BlobMismatch? mismatch = await VerifyingReadStream.FindMismatchAsync(OpenFile(digest), digest, size, cancellationToken).ConfigureAwait(false);
        return mismatch?.Describe();
    }

    /// <summary>Removes a blob (a damaged one, or an evicted one); a blob already gone is fine.</summary>
    public void Delete(Digest digest) => File.Delete(GetPath(digest));

    /// <summary>Marks the blob as just used, for least-recently-used eviction (its modification time is its last use).</summary>
    public void Touch(Digest digest) => StoreFiles.Touch(GetPath(digest));

    /// <summary>
    /// Opens the blob through the verifying reader. A copy found damaged while read (changed after it was checked) is
    /// deleted, and the read fails with <see cref="ErrorCodes.BlobCorrupt"/>: the next build fetches or builds it again.
    /// </summary>
    public Stream OpenRead(Digest digest, long size)
    {
        string path = GetPath(digest);
        return new VerifyingReadStream(OpenFile(digest), digest, size, mismatch =>
        {
            File.Delete(path);
            return new ContainerizeException(ErrorCodes.BlobCorrupt,
                $"The stored blob '{path}' {mismatch.Describe()}: it changed while it was read, and was removed.",
                "Build again: the blob is fetched or built anew. If it repeats, check the disk that holds this folder.");
        });
    }

    private FileStream OpenFile(Digest digest) =>
        new(GetPath(digest), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 1, FileOptions.SequentialScan | FileOptions.Asynchronous);

    /// <summary>A fresh temporary path inside the store (same file system, so the final move is atomic).</summary>
    public string CreateTemporaryPath()
    {
        string directory = Path.Combine(RootDirectory, "tmp");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, TemporaryFiles.NewName());
    }

    /// <summary>
    /// Moves a finished temporary file in under <paramref name="digest"/>. The caller has computed the digest while
    /// writing, so its bytes replace whatever is there: an existing file of that name may be a damaged copy.
    /// </summary>
    public string Commit(string temporaryPath, Digest digest)
    {
        string finalPath = GetPath(digest);
        Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
        try
        {
            File.Move(temporaryPath, finalPath, overwrite: true);
        }
        catch (Exception exception) when ((exception is IOException or UnauthorizedAccessException) && File.Exists(finalPath))
        {
            // Windows: another build holds the committed file open; it wrote the same bytes, so ours are not needed.
            File.Delete(temporaryPath);
        }

        return finalPath;
    }

    /// <summary>Writes a small blob (a manifest or config) held in memory.</summary>
    public Digest Add(ReadOnlySpan<byte> content)
    {
        Digest digest = Digest.ComputeSha256(content);
        string temporaryPath = CreateTemporaryPath();
        File.WriteAllBytes(temporaryPath, content.ToArray());
        Commit(temporaryPath, digest);
        return digest;
    }
}
