using Containerize.Oci.Digests;
using Containerize.Oci.Storage;
using Containerize.Oci.Tests.Layers;

namespace Containerize.Oci.Tests.Storage;

/// <summary>The cache's size bound: least recently used files go first, stale temporary files always go.</summary>
public sealed class LayerCacheEvictionTests : IDisposable
{
    private readonly TestFolder _folder = new("cache-eviction");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Trimming_evicts_the_least_recently_used_blobs_until_the_cache_fits_its_bound()
    {
        var cache = new LayerCache(_folder.PathOf("cache"));
        DateTime now = DateTime.UtcNow;
        Digest oldest = AddBlob(cache, 1000, 1, now.AddDays(-3));
        Digest middle = AddBlob(cache, 1000, 2, now.AddDays(-2));
        Digest newest = AddBlob(cache, 1000, 3, now.AddDays(-1));

        CacheTrimResult result = cache.Trim(maxBytes: 2500);

        Assert.False(cache.Blobs.Contains(oldest));
        Assert.True(cache.Blobs.Contains(middle));
        Assert.True(cache.Blobs.Contains(newest));
        Assert.Equal(1, result.RemovedFiles);
        Assert.Equal(2000, result.RemainingBytes);
    }

    [Fact]
    public void A_touched_blob_counts_as_recently_used()
    {
        var cache = new LayerCache(_folder.PathOf("cache"));
        DateTime now = DateTime.UtcNow;
        Digest oldButUsed = AddBlob(cache, 1000, 1, now.AddDays(-3));
        Digest unused = AddBlob(cache, 1000, 2, now.AddDays(-2));

        cache.Blobs.Touch(oldButUsed);
        cache.Trim(maxBytes: 1500);

        Assert.True(cache.Blobs.Contains(oldButUsed));
        Assert.False(cache.Blobs.Contains(unused));
    }

    [Fact]
    public void A_cache_within_its_bound_loses_nothing_but_stale_temporary_files()
    {
        var cache = new LayerCache(_folder.PathOf("cache"));
        Digest kept = AddBlob(cache, 1000, 1, DateTime.UtcNow.AddDays(-30));
        // Named as a build whose process is gone names its files (a process id above Linux's largest pid_max).
        string stale = Path.Combine(Path.GetDirectoryName(cache.Blobs.CreateTemporaryPath())!, $"4194305-{Guid.NewGuid():N}");
        File.WriteAllBytes(stale, new byte[10]);
        string fresh = cache.Blobs.CreateTemporaryPath();
        File.WriteAllBytes(fresh, new byte[10]);

        cache.Trim(maxBytes: 1 << 30);

        Assert.True(cache.Blobs.Contains(kept));
        Assert.False(File.Exists(stale), "a temporary file a killed build left behind is removed");
        Assert.True(File.Exists(fresh), "a temporary file of a build still running is kept");
    }

    [Fact]
    public void Clearing_removes_only_what_the_cache_made()
    {
        string root = _folder.PathOf("cache");
        var cache = new LayerCache(root);
        Digest blob = AddBlob(cache, 10, 1, DateTime.UtcNow);
        string unrelated = _folder.WriteFile("cache/notes.txt", "mine");

        cache.Clear();

        Assert.False(cache.Blobs.Contains(blob));
        Assert.True(File.Exists(unrelated));
    }

    private static Digest AddBlob(LayerCache cache, int size, int seed, DateTime lastUse)
    {
        byte[] content = new byte[size];
        new Random(seed).NextBytes(content);
        Digest digest = cache.Blobs.Add(content);
        File.SetLastWriteTimeUtc(cache.Blobs.GetPath(digest), lastUse);
        return digest;
    }
}
