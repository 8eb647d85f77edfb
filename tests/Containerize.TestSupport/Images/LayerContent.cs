using System.Formats.Tar;

namespace Containerize.TestSupport.Images;

/// <summary>A layer of an image read from disk: its descriptor values and every entry, in tar order.</summary>
public sealed record LayerContent(string Digest, string MediaType, long Size, IReadOnlyList<LayerFile> Entries)
{
    /// <summary>Paths of regular files and symlinks (directories left out), as in the container.</summary>
    public IReadOnlySet<string> FilePaths =>
        Entries.Where(entry => entry.Type is not TarEntryType.Directory).Select(entry => entry.Path).ToHashSet(StringComparer.Ordinal);
}
