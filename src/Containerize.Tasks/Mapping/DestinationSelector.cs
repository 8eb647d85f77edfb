using Containerize.Oci.Destinations;
using Containerize.Oci.Errors;
using Containerize.Oci.Logging;
using Containerize.Oci.References;
using Containerize.Oci.Registry;
using Containerize.Tasks.Parameters;

namespace Containerize.Tasks.Mapping;

/// <summary>
/// The one place that decides where an image goes: an OCI layout folder when ContainerOciLayoutPath is set, an archive
/// when ContainerArchiveOutputPath is set, a registry when ContainerRegistry is set, the local engine when LocalRegistry
/// is set, and the default archive under the output folder when none is (unlike the SDK, which then needs a local engine).
/// The caller disposes the result (a registry destination holds a connection pool).
/// </summary>
internal static class DestinationSelector
{
    public static MultiDestination Select(ImageTaskSettings settings, string repository, RegistryOptions registryOptions, IBuildLog log, BlobLocations? blobLocations = null, UploadSessions? uploadSessions = null)
    {
        LocalEngine? engine = ParseLocalRegistry(settings.LocalRegistry);
        string? mountFrom = settings.MountFromRepository;
        if (mountFrom is not null)
        {
            ReferenceGrammar.ValidateRepository(mountFrom);
        }

        var destinations = new List<IImageDestination>();
        if (settings.OciLayoutPath is { } layout)
        {
            destinations.Add(new OciLayoutDestination(layout));
        }

        if (settings.ArchiveOutputPath is { } archive)
        {
            destinations.Add(new OciArchiveDestination(ResolveArchivePath(archive, repository)));
        }

        if (settings.Registry is { } registry)
        {
            ReferenceGrammar.ValidateRegistry(registry);
            destinations.Add(new RegistryDestination(registry, repository, registryOptions, log)
            {
                MountSourceRepository = mountFrom,
                BlobLocations = blobLocations,
                UploadSessions = uploadSessions,
                DigestFilePath = Path.Combine(settings.DefaultArchiveDirectory, OutputFileName(repository, ".digest")),
            });
        }

        if (engine is { } localEngine)
        {
            destinations.Add(new LocalEngineDestination(localEngine, Path.Combine(Path.GetFullPath(settings.WorkDirectory), "engine")));
        }

        if (destinations.Count == 0)
        {
            destinations.Add(new OciArchiveDestination(ResolveArchivePath(Path.Combine(settings.DefaultArchiveDirectory, ArchiveFileName(repository)), repository)));
        }

        return new MultiDestination(destinations);
    }

    /// <summary>The SDK's LocalRegistry: Docker or Podman (any case); empty is none, since our default is the archive.</summary>
    internal static LocalEngine? ParseLocalRegistry(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "docker" => LocalEngine.Docker,
        "podman" => LocalEngine.Podman,
        _ => throw new ContainerizeException(ErrorCodes.InvalidLocalRegistry,
            $"LocalRegistry '{value}' is not a local engine we can load into.",
            "Set LocalRegistry to Docker or Podman, or leave it empty to write an archive (ContainerRegistry pushes to a registry instead)."),
    };

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
