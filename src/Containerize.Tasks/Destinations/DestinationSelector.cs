using Containerize.Tasks.Parameters;
using Containerize.Oci.Logging;
using Containerize.Oci.References;
using Containerize.Oci.Registry;

namespace Containerize.Tasks.Destinations;

/// <summary>
/// The one place that decides where an image goes: an OCI layout folder (images added to it) when ContainerOciLayoutPath is set, an
/// archive when ContainerArchiveOutputPath is set, a registry when ContainerRegistry is set, and the default archive under the output
/// folder when none is. The caller disposes the destinations (a registry destination holds a connection pool).
/// A registry destination mounts blobs from where the given <c>BlobLocations</c> says they are, and adds to it; it
/// resumes large uploads recorded in the given <c>UploadSessions</c>.
/// </summary>
internal static class DestinationSelector
{
    public static IReadOnlyList<IImageDestination> Select(ImageTaskParameters task, RegistryOptions registryOptions, IBuildLog log, BlobLocations? blobLocations = null, UploadSessions? uploadSessions = null)
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

        if (!string.IsNullOrWhiteSpace(task.Registry))
        {
            string registry = task.Registry.Trim();
            ReferenceGrammar.ValidateRegistry(registry);
            string? mountFrom = string.IsNullOrWhiteSpace(task.MountFromRepository) ? null : task.MountFromRepository.Trim();
            if (mountFrom is not null)
            {
                ReferenceGrammar.ValidateRepository(mountFrom);
            }

            destinations.Add(new RegistryImageDestination(registry, task.Repository.Trim(), registryOptions, log, task.DefaultArchiveDirectory, mountFrom, blobLocations, uploadSessions));
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
    internal static string ArchiveFileName(string repository) => OutputFileName(repository, ".tar");

    /// <summary>A file named after the repository with <c>/</c> made <c>-</c> (<c>team-api.digest</c>), so outputs stay in one folder.</summary>
    internal static string OutputFileName(string repository, string extension) => repository.Trim().Replace('/', '-') + extension;
}
