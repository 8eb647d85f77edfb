using Containerize.Oci.Storage;
using Containerize.TestSupport;

namespace Containerize.Oci.Tests.Storage;

/// <summary>The lock parallel builds take per shared layer and per blob push: one holder at a time, free again once released.</summary>
public sealed class FileLockTests
{
    [Fact]
    public async Task A_held_lock_is_not_taken_again_until_it_is_released()
    {
        string path = Path.Combine(RepositoryPaths.CreateWorkDirectory("file-lock"), "locks", "layer-x");
        using var canceled = new CancellationTokenSource();
        canceled.Cancel();

        using (await FileLock.AcquireAsync(path, CancellationToken.None))
        {
            // Held: a second taker waits, so a canceled wait ends in cancellation, not in a second holder.
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => FileLock.AcquireAsync(path, canceled.Token));
        }

        using FileLock again = await FileLock.AcquireAsync(path, canceled.Token);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task Trimming_removes_old_locks_that_nobody_holds_and_keeps_held_and_recent_ones()
    {
        var cache = new LayerCache(RepositoryPaths.CreateWorkDirectory("file-lock-trim"));
        string old = Path.Combine(cache.LockDirectory, "layer-old");
        string held = Path.Combine(cache.LockDirectory, "layer-held");
        string recent = Path.Combine(cache.LockDirectory, "layer-recent");
        (await FileLock.AcquireAsync(old, CancellationToken.None)).Dispose();
        (await FileLock.AcquireAsync(recent, CancellationToken.None)).Dispose();
        using FileLock holding = await FileLock.AcquireAsync(held, CancellationToken.None);
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddDays(-2));
        File.SetLastWriteTimeUtc(held, DateTime.UtcNow.AddDays(-2));

        cache.Trim(long.MaxValue);

        Assert.False(File.Exists(old));
        Assert.True(File.Exists(held));
        Assert.True(File.Exists(recent));
    }
}
