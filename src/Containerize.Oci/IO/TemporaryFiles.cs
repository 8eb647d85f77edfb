using System.Diagnostics;
using System.Globalization;

namespace Containerize.Oci.IO;

/// <summary>
/// The one naming of temporary files: <c>NAME.tmp-PID-GUID</c> beside the file they become, or <c>PID-GUID</c> in a
/// store's <c>tmp</c> folder. The process id says whose a file is, so the next build removes the ones whose process is
/// gone (a killed build) at once, and never a file a running build is still writing.
/// </summary>
public static class TemporaryFiles
{
    private const string Marker = ".tmp-";

    /// <summary>Files without a living owner are kept this long at most (a reused process id, an old naming).</summary>
    private static readonly TimeSpan s_maximumAge = TimeSpan.FromHours(24);

    /// <summary>Names without a process id (written before it was added) are removed after this.</summary>
    private static readonly TimeSpan s_unownedAge = TimeSpan.FromHours(1);

    /// <summary>A temporary path beside <paramref name="finalPath"/> (same folder, so the last rename is atomic).</summary>
    public static string Beside(string finalPath) => $"{finalPath}{Marker}{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}";

    /// <summary>A temporary file name for a folder that holds only temporary files.</summary>
    public static string NewName() => $"{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}";

    /// <summary>
    /// Deletes a temporary file in a <c>finally</c>: a missing file or folder (the path ran under a file, the write
    /// never began) is fine, and nothing thrown here may hide the failure that is being reported.
    /// </summary>
    public static void Discard(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Left for the next build's clean-up, which knows it by its process id.
        }
    }

    /// <summary>
    /// Removes temporary files in <paramref name="directory"/> (not below it) left by processes that are gone, and
    /// any older than a day. <paramref name="besideName"/> limits it to the temporaries of one file (<c>image.tar</c>),
    /// <c>*</c> to every <c>NAME.tmp-…</c> there; null takes every file in the folder as temporary (a store's
    /// <c>tmp</c> folder). Returns how many files and bytes were removed.
    /// </summary>
    public static (int Files, long Bytes) DeleteStale(string directory, string? besideName)
    {
        if (!Directory.Exists(directory))
        {
            return (0, 0);
        }

        int files = 0;
        long bytes = 0;
        string pattern = besideName is null ? "*" : besideName + Marker + "*";
        foreach (FileInfo file in new DirectoryInfo(directory).EnumerateFiles(pattern))
        {
            int marker = file.Name.LastIndexOf(Marker, StringComparison.Ordinal);
            string owner = besideName is null ? file.Name : file.Name[(marker + Marker.Length)..];
            if (!IsStale(owner, file.LastWriteTimeUtc))
            {
                continue;
            }

            try
            {
                long length = file.Length;
                file.Delete();
                files++;
                bytes += length;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Gone already, or not ours to delete: the next build tries again.
            }
        }

        return (files, bytes);
    }

    private static bool IsStale(string ownerAndGuid, DateTime lastWriteUtc)
    {
        TimeSpan age = DateTime.UtcNow - lastWriteUtc;
        int dash = ownerAndGuid.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || !int.TryParse(ownerAndGuid.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out int processId))
        {
            return age > s_unownedAge;
        }

        return age > s_maximumAge || (processId != Environment.ProcessId && !IsRunning(processId));
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using Process process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
