using Containerize.Oci.Errors;
using Containerize.Oci.Layers;

namespace Containerize.Oci.Planning;

/// <summary>
/// Turns a user's extra folder into layer entries: the whole tree (hidden files and dot-folders included), symlinks
/// kept as symlinks and never followed, placed under the container directory with the given owner and modes. The
/// container directory itself is written with the owner and directory mode too, unless it is the root.
/// </summary>
public static class ExtraLayerReader
{
    // Skip nothing: .NET skips Hidden (and System) entries by default, and dot-files are "hidden" on Unix.
    private static readonly EnumerationOptions s_everyEntry = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
        MatchType = MatchType.Simple,
    };

    public static IReadOnlyList<LayerEntry> Read(ExtraLayerSource source)
    {
        string usedBy = $"the extra layer '{source.LayerName}'";
        string containerDirectory = ContainerPaths.NormalizeDirectory(source.ContainerDirectory, usedBy);
        Validate(source, usedBy);
        var root = new DirectoryInfo(source.SourceDirectory);
        if (!root.Exists)
        {
            throw new ContainerizeException(
                ErrorCodes.ExtraLayerFolderMissing,
                $"The folder '{source.SourceDirectory}' of {usedBy} does not exist.",
                "Check the ContainerExtraLayer item's Include path (relative paths are relative to the project folder).");
        }

        UnixFileMode directoryMode = source.DirectoryMode ?? FileModes.Directory;
        var entries = new List<LayerEntry>();
        if (containerDirectory != "/")
        {
            entries.Add(Entry(source, containerDirectory, LayerEntryType.Directory, directoryMode));
        }

        var pending = new Stack<(DirectoryInfo Directory, string ContainerPath)>();
        pending.Push((root, containerDirectory));
        while (pending.Count > 0)
        {
            (DirectoryInfo directory, string containerPath) = pending.Pop();
            foreach (FileSystemInfo item in directory.EnumerateFileSystemInfos("*", s_everyEntry))
            {
                string itemPath = ContainerPaths.Combine(containerPath, item.Name);
                if (item.LinkTarget is string target)
                {
                    entries.Add(Entry(source, itemPath, LayerEntryType.Symlink, FileModes.Symlink) with { LinkTarget = target });
                }
                else if (item is DirectoryInfo subdirectory)
                {
                    entries.Add(Entry(source, itemPath, LayerEntryType.Directory, directoryMode));
                    pending.Push((subdirectory, itemPath));
                }
                else
                {
                    UnixFileMode mode = source.FileMode ?? FileModes.ForFile(item.FullName);
                    entries.Add(Entry(source, itemPath, LayerEntryType.File, mode) with { SourcePath = item.FullName });
                }
            }
        }

        return entries;
    }

    private static LayerEntry Entry(ExtraLayerSource source, string containerPath, LayerEntryType type, UnixFileMode mode) => new()
    {
        ContainerPath = containerPath,
        Type = type,
        Mode = mode,
        UserId = source.UserId,
        GroupId = source.GroupId,
    };

    private static void Validate(ExtraLayerSource source, string usedBy)
    {
        if (source.UserId < 0 || source.GroupId < 0)
        {
            throw new ContainerizeException(
                ErrorCodes.InvalidOwner,
                $"The owner {source.UserId}:{source.GroupId} of {usedBy} is negative.",
                "Give a numeric user and group id of 0 or more, for example Owner=\"1654:1654\".");
        }

        foreach ((string what, UnixFileMode? mode) in new[] { ("FileMode", source.FileMode), ("DirectoryMode", source.DirectoryMode) })
        {
            if (mode is UnixFileMode value && !FileModes.IsValid(value))
            {
                throw new ContainerizeException(
                    ErrorCodes.InvalidFileMode,
                    $"The {what} {Convert.ToString((int)value, 8)} of {usedBy} has bits above 07777.",
                    "Give an octal permission such as 0644 for files or 0755 for directories.");
            }
        }
    }
}
