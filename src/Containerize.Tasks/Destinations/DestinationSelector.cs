namespace Containerize.Tasks.Destinations;

/// <summary>
/// The one place that decides where an image goes. Today: an OCI layout folder (images added to it) when ContainerOciLayoutPath is set, an
/// archive when ContainerArchiveOutputPath is set, and the default archive under the output folder when neither is.
/// A registry destination (ContainerRegistry) joins here, and also replaces the default archive.
/// </summary>
internal static class DestinationSelector
{
    public static IReadOnlyList<IImageDestination> Select(BuildLayeredImage task)
    {
        var destinations = new List<IImageDestination>();
        if (!string.IsNullOrWhiteSpace(task.OciLayoutPath))
        {
            destinations.Add(new OciLayoutDestination(Path.GetFullPath(task.OciLayoutPath.Trim())));
        }

        if (!string.IsNullOrWhiteSpace(task.ArchiveOutputPath))
        {
            destinations.Add(new ArchiveDestination(ResolveArchivePath(task.ArchiveOutputPath.Trim(), task.Repository)));
        }

        if (destinations.Count == 0)
        {
            destinations.Add(new ArchiveDestination(ResolveArchivePath(
                Path.Combine(task.DefaultArchiveDirectory, ArchiveFileName(task.Repository)), task.Repository)));
        }

        return destinations;
    }

    /// <summary>A path with an extension is the archive itself; anything else is a folder that gets <c>&lt;repository&gt;.tar</c>.</summary>
    internal static string ResolveArchivePath(string path, string repository)
    {
        string fullPath = Path.GetFullPath(path);
        bool isFolder = Directory.Exists(fullPath) || Path.EndsInDirectorySeparator(path) || !Path.HasExtension(fullPath);
        return isFolder ? Path.Combine(fullPath, ArchiveFileName(repository)) : fullPath;
    }

    /// <summary><c>team/api</c> becomes <c>team-api.tar</c>: one file, no nested folders.</summary>
    internal static string ArchiveFileName(string repository) => $"{repository.Trim().Replace('/', '-')}.tar";
}
