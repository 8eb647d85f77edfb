using System.Formats.Tar;
using Containerize.TestSupport;

namespace Containerize.Oci.Tests.Layers;

/// <summary>One entry as a reader saw it.</summary>
internal sealed record ReadEntry(string Name, TarEntryType Type, UnixFileMode Mode, int UserId, int GroupId, string UserName, string GroupName, DateTimeOffset Modified, string LinkName, TarEntryFormat Format, string Content);

/// <summary>Reads tars back with two independent readers: System.Formats.Tar and GNU tar.</summary>
internal static class TarInspection
{
    public static async Task<List<ReadEntry>> ReadAsync(byte[] tar)
    {
        var entries = new List<ReadEntry>();
        using var reader = new TarReader(new MemoryStream(tar));
        while (await reader.GetNextEntryAsync() is TarEntry entry)
        {
            string content = string.Empty;
            if (entry.DataStream is Stream data)
            {
                using var text = new StreamReader(data);
                content = await text.ReadToEndAsync();
            }

            var posix = entry as PosixTarEntry;
            entries.Add(new ReadEntry(
                entry.Name, entry.EntryType, entry.Mode, entry.Uid, entry.Gid, posix?.UserName ?? "?", posix?.GroupName ?? "?",
                entry.ModificationTime, entry.LinkName, entry.Format, content));
        }

        return entries;
    }

    /// <summary>The lines of <c>tar --numeric-owner --full-time -tvf</c> in UTC.</summary>
    public static async Task<string[]> ListWithGnuTarAsync(string tarPath)
    {
        ProcessResult result = await ProcessRunner.RunAsync(
            "tar",
            ["--numeric-owner", "--full-time", "-tvf", tarPath],
            environment: new Dictionary<string, string?> { ["TZ"] = "UTC", ["LC_ALL"] = "C.UTF-8" });
        result.EnsureSuccess();
        Assert.Equal(string.Empty, result.StandardError);
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
