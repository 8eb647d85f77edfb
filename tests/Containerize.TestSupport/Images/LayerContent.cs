using System.Formats.Tar;

namespace Containerize.TestSupport.Images;

/// <summary>One tar entry of a layer as a test sees it: absolute path, type, mode, owner, time.</summary>
public sealed record LayerFile(string Path, TarEntryType Type, UnixFileMode Mode, int UserId, int GroupId, DateTimeOffset ModificationTime, string LinkName, long Length);

/// <summary>A layer of an image read from disk: its descriptor values and every entry, in tar order.</summary>
public sealed record LayerContent(string Digest, string MediaType, long Size, IReadOnlyList<LayerFile> Entries)
{
    /// <summary>Paths of regular files and symlinks (directories left out), as in the container.</summary>
    public IReadOnlySet<string> FilePaths =>
        Entries.Where(entry => entry.Type is not TarEntryType.Directory).Select(entry => entry.Path).ToHashSet(StringComparer.Ordinal);
}
