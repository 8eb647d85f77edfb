namespace Containerize.Oci.Storage;

/// <summary>File chores of the stores: marking a file used, listing what a folder holds, deleting what may be in use, writing a small record by rename.</summary>
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

    /// <summary>
    /// Writes a small record (a hint) aside and renames it into place, so a reader never sees half of it. A record that
    /// cannot be written is not worth failing a build for: false, and nothing is left behind.
    /// </summary>
    public static bool TryWriteTextByRename(string path, string text)
    {
        string temporaryPath = IO.TemporaryFiles.Beside(path);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(temporaryPath, text, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temporaryPath, path, overwrite: true);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            TryDelete(new FileInfo(temporaryPath));
            return false;
        }
    }

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
