namespace Containerize.Oci.Storage;

/// <summary>
/// An exclusive lock between processes (and within one), held by an open file: parallel builds of a solution, each in
/// its own MSBuild node, take one per layer key and per blob push, so a layer two apps share is built once and
/// uploaded once; the second build waits, then finds it cached or pushed. .NET takes <c>FileShare.None</c> as an
/// advisory lock (flock on Unix), which the operating system drops when a process dies, so no stale lock survives.
/// The file itself stays (deleting it would race with the next taker); it is empty.
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
        while (true)
        {
            try
            {
                return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Held by another build: it finishes the same work, which this one then finds done.
                await Task.Delay(s_pollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
