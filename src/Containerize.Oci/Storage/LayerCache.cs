using System.Text.Json;
using Containerize.Oci.Digests;
using Containerize.Oci.IO;

namespace Containerize.Oci.Storage;

/// <summary>
/// The machine-wide layer cache, shared by every project and build: a layer's key (a digest of everything its bytes
/// depend on) names an entry that records the blob it gave. Layout under the root:
/// <c>blobs/sha256/HEX</c> (the blobs, shared with base-image blobs pulled from registries) and
/// <c>layers-v1/HEX.json</c> (one entry per key). Entries and blobs appear only by atomic rename once complete, so two
/// builds may write the same layer at once; a damaged entry is reported and dropped, never used. Every use touches
/// the files, and <see cref="Trim"/> evicts the least recently used ones past a size bound.
/// </summary>
public sealed class LayerCache
{
    private const string EntriesFolder = "layers-v1";

    /// <summary>Where <c>Registry.BlobLocations</c> keeps which repositories hold which blobs: small hints, evicted and cleaned with the rest.</summary>
    private const string RegistriesFolder = "registries";

    /// <summary>Where <c>Inspection.LayerFileListCache</c> keeps base layers' file lists for the run check: evicted and cleaned with the rest.</summary>
    private const string FileListsFolder = "file-lists-v1";

    /// <summary>Where the <see cref="FileLock"/>s of parallel builds live (per layer key and per pushed blob).</summary>
    private const string LocksFolder = "locks";

    /// <summary>A lock file older than this and held by nobody is removed when the cache is trimmed.</summary>
    private static readonly TimeSpan s_unusedLockAge = TimeSpan.FromDays(1);

    public LayerCache(string rootDirectory)
    {
        RootDirectory = Path.GetFullPath(rootDirectory);
        Blobs = new LocalBlobStore(Path.Combine(RootDirectory, "blobs"));
    }

    public string RootDirectory { get; }

    public LocalBlobStore Blobs { get; }

    /// <summary>The folder of the cache's <see cref="FileLock"/>s.</summary>
    public string LockDirectory => Path.Combine(RootDirectory, LocksFolder);

    private string EntriesDirectory => Path.Combine(RootDirectory, EntriesFolder);

    public string GetEntryPath(Digest key) => Path.Combine(EntriesDirectory, key.Encoded + ".json");

    /// <summary>The entry for <paramref name="key"/>, or null. An entry that cannot be read is deleted and described in <paramref name="problem"/>.</summary>
    public LayerCacheEntry? Find(Digest key, out string? problem)
    {
        problem = null;
        string path = GetEntryPath(key);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        LayerCacheEntry? entry = null;
        try
        {
            entry = JsonSerializer.Deserialize<LayerCacheEntry>(bytes);
        }
        catch (JsonException)
        {
        }

        if (entry is null || entry.Key != key.ToString() || !Digest.TryParse(entry.Digest, out _) || !Digest.TryParse(entry.DiffId, out _) || entry.Size <= 0)
        {
            problem = $"the cache entry '{path}' is damaged";
            File.Delete(path);
            return null;
        }

        StoreFiles.Touch(path);
        return entry;
    }

    /// <summary>Files an entry under its key: written aside, then renamed into place.</summary>
    public void Add(Digest key, LayerCacheEntry entry)
    {
        string path = GetEntryPath(key);
        Directory.CreateDirectory(EntriesDirectory);
        string temporaryPath = Blobs.CreateTemporaryPath();
        File.WriteAllBytes(temporaryPath, JsonSerializer.SerializeToUtf8Bytes(entry with { Key = key.ToString() }));
        File.Move(temporaryPath, path, overwrite: true);
    }

    /// <summary>
    /// Removes the temporary files of builds that are gone (killed while writing a layer, a download or an entry);
    /// a file a running build is writing stays. Every build does this when it starts.
    /// </summary>
    public (int Files, long Bytes) DeleteStaleTemporaryFiles()
    {
        (int files, long bytes) = TemporaryFiles.DeleteStale(Path.Combine(Blobs.RootDirectory, "tmp"), besideName: null);
        string registries = Path.Combine(RootDirectory, RegistriesFolder);
        foreach (string folder in Directory.Exists(registries) ? Directory.EnumerateDirectories(registries) : [])
        {
            (int moreFiles, long moreBytes) = TemporaryFiles.DeleteStale(folder, "*");
            files += moreFiles;
            bytes += moreBytes;
        }

        (int listFiles, long listBytes) = TemporaryFiles.DeleteStale(Path.Combine(RootDirectory, FileListsFolder), "*");
        return (files + listFiles, bytes + listBytes);
    }

    /// <summary>
    /// Evicts the least recently used blobs and entries until the cache holds at most <paramref name="maxBytes"/>, and
    /// removes temporary files that a killed build left behind. A blob in use by another build was touched by it, so it
    /// is among the last to go; on Linux an open blob stays readable even when deleted.
    /// </summary>
    public CacheTrimResult Trim(long maxBytes)
    {
        (int removed, long removedBytes) = DeleteStaleTemporaryFiles();
        removed += FileLock.DeleteUnused(LockDirectory, s_unusedLockAge);
        List<FileInfo> files =
        [
            .. StoreFiles.Files(Path.Combine(Blobs.RootDirectory, "sha256")),
            .. StoreFiles.Files(EntriesDirectory),
            .. StoreFiles.Files(Path.Combine(RootDirectory, RegistriesFolder)),
            .. StoreFiles.Files(Path.Combine(RootDirectory, FileListsFolder)),
        ];
        long total = files.Sum(file => file.Length);
        foreach (FileInfo file in files.OrderBy(file => file.LastWriteTimeUtc))
        {
            if (total <= maxBytes)
            {
                break;
            }

            long length = file.Length;
            if (StoreFiles.TryDelete(file))
            {
                total -= length;
                removed++;
                removedBytes += length;
            }
        }

        return new CacheTrimResult(removed, removedBytes, total);
    }

    /// <summary>Empties the cache (the clean target): only the folders it made, in case the root was pointed at a folder that holds more.</summary>
    public void Clear()
    {
        foreach (string directory in new[] { EntriesDirectory, Blobs.RootDirectory, Path.Combine(RootDirectory, RegistriesFolder), Path.Combine(RootDirectory, FileListsFolder), LockDirectory })
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}

/// <summary>What one cache entry records: the blob a layer key gave, with the numbers the log shows.</summary>
public sealed record LayerCacheEntry
{
    public string Key { get; init; } = string.Empty;

    public required string Digest { get; init; }

    public required long Size { get; init; }

    public required string DiffId { get; init; }

    public required long UncompressedSize { get; init; }

    public required int FileCount { get; init; }
}

/// <summary>What <see cref="LayerCache.Trim"/> did.</summary>
public sealed record CacheTrimResult(int RemovedFiles, long RemovedBytes, long RemainingBytes);
