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
}
