namespace Containerize.Oci.Storage;

/// <summary>
/// An exclusive lock between processes (and within one), held by an open file: parallel builds of a solution, each in
/// its own MSBuild node, take one per layer key and per blob push, so a layer two apps share is built once and
/// uploaded once; the second build waits, then finds it cached or pushed. .NET takes <c>FileShare.None</c> as an
/// advisory lock (flock on Unix), which the operating system drops when a process dies, so no stale lock survives.
/// The file itself stays while in use (it is empty); <see cref="DeleteUnused"/> removes old ones that nobody holds.
/// </summary>
public sealed class FileLock : IDisposable
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(50);

    private readonly FileStream _file;

    private FileLock(FileStream file)
    {
        _file = file;
    }

    /// <summary>Waits until the lock on <paramref name="path"/> is free and takes it; cancellation stops the wait.</summary>
    public static async Task<FileLock> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        int vanished = 0;
        while (true)
        {
            try
            {
                return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (File.Exists(path) || ++vanished <= 3)
            {
                // A lock file that vanished between the failed open and this check was removed by DeleteUnused: try again.
                // Held by another build: it finishes the same work, which this one then finds done.
                await Task.Delay(s_pollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Removes lock files in <paramref name="directory"/> older than <paramref name="age"/> that no build holds (each is
    /// taken before it is deleted), so the folder does not keep one empty file per layer and blob forever.
    /// </summary>
    public static int DeleteUnused(string directory, TimeSpan age)
    {
        int deleted = 0;
        foreach (FileInfo file in Directory.Exists(directory) ? new DirectoryInfo(directory).EnumerateFiles() : [])
        {
            if (DateTime.UtcNow - file.LastWriteTimeUtc < age)
            {
                continue;
            }

            try
            {
                using var held = new FileStream(file.FullName, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                file.Delete();
                deleted++;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Held by a running build, or gone already.
            }
        }

        return deleted;
    }

    public void Dispose() => _file.Dispose();
}
