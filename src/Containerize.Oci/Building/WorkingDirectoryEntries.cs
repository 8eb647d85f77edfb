using Containerize.Oci.Layers;

namespace Containerize.Oci.Building;

/// <summary>
/// Gives the working directory its configured owner and mode. Every layer writes the parent directories of its
/// entries, and the topmost one that writes a directory decides its owner and mode, so the entry goes into each of our
/// layers that has files under the working directory (or the directory itself).
/// </summary>
internal static class WorkingDirectoryEntries
{
    private const UnixFileMode DefaultMode = (UnixFileMode)0b111_101_101; // 0755

    public static IReadOnlyList<PlannedLayer> Apply(IReadOnlyList<PlannedLayer> layers, ImageSettings settings)
    {
        if ((settings.WorkingDirectoryOwner is null && settings.WorkingDirectoryMode is null) || settings.WorkingDirectory == "/")
        {
            return layers;
        }

        string directory = settings.WorkingDirectory;
        (int userId, int groupId) = settings.WorkingDirectoryOwner ?? (0, 0);
        var entry = new LayerEntry
        {
            ContainerPath = directory,
            Type = LayerEntryType.Directory,
            Mode = settings.WorkingDirectoryMode ?? DefaultMode,
            UserId = userId,
            GroupId = groupId,
        };
        return layers.Select(layer => layer.Entries.Any(existing => IsInside(existing.ContainerPath, directory))
            ? layer with { Entries = [entry, .. layer.Entries.Where(existing => existing.ContainerPath != directory)] }
            : layer).ToArray();
    }

    private static bool IsInside(string path, string directory) =>
        path == directory || path.StartsWith(directory + "/", StringComparison.Ordinal);
}
