namespace Containerize.Oci.Storage;

/// <summary>File chores of the stores: marking a file used, listing what a folder holds, deleting what may be in use.</summary>
internal static class StoreFiles
{
    /// <summary>Sets the modification time to now: the cache's record of last use. A file that vanished meanwhile is fine.</summary>
    public static void Touch(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Another build evicted or replaced it; the next use writes it again.
        }
    }

    /// <summary>Every file under <paramref name="directory"/>, or none when it does not exist.</summary>
    public static IEnumerable<FileInfo> Files(string directory) =>
        Directory.Exists(directory)
            ? new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories)
            : [];

    /// <summary>Deletes a file, ignoring one that is gone or locked (another build still reading it on Windows).</summary>
    public static bool TryDelete(FileInfo file)
    {
        try
        {
            file.Delete();
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
