namespace Containerize.TestSupport.Disks;

/// <summary>
/// A small tmpfs mounted for one test (the tests run as root, as CI does), so "the disk is full" is real: writes past
/// its size fail with ENOSPC. Unmounted on dispose.
/// </summary>
public sealed class SmallDisk : IAsyncDisposable
{
    private SmallDisk(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public static async Task<SmallDisk> MountAsync(string name, int megabytes)
    {
        string path = System.IO.Path.Combine(RepositoryPaths.CreateWorkDirectory(name), "disk");
        Directory.CreateDirectory(path);
        ProcessResult mounted = await ProcessRunner.RunAsync("mount", ["-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", path]);
        if (mounted.ExitCode != 0)
        {
            throw new InvalidOperationException($"A {megabytes} MiB tmpfs could not be mounted at {path} (the disk-full tests need root): {mounted.StandardError}");
        }

        return new SmallDisk(path);
    }

    /// <summary>Every file on the disk, for checking that nothing partial stayed.</summary>
    public IReadOnlyList<string> Files => Directory.GetFiles(Path, "*", SearchOption.AllDirectories);

    public async ValueTask DisposeAsync() => await ProcessRunner.RunAsync("umount", ["-l", Path]);
}
