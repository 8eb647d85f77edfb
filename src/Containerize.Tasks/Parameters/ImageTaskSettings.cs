using Microsoft.Build.Framework;

namespace Containerize.Tasks.Parameters;

/// <summary>
/// Everything the task was given, as plain values: what the mappers read instead of the task. Numbers and switches are
/// already parsed (<see cref="ImageTaskSettingsReader"/>), so a bad value is reported once, naming its MSBuild property.
/// Strings are as given (trimmed; empty is null); items stay items, since their metadata is what the mappers read.
/// </summary>
internal sealed record ImageTaskSettings
{
    public IReadOnlyList<ITaskItem> PublishedFiles { get; init; } = [];

    public string PublishDirectory { get; init; } = "";

    public string? PackageRoot { get; init; }

    public IReadOnlyList<string> RuntimePackIds { get; init; } = [];

    public string BaseImage { get; init; } = "";

    public string RuntimeIdentifier { get; init; } = "";

    /// <summary>ContainerRepository as given; the mapper fixes it up the way the SDK does (with a warning).</summary>
    public string Repository { get; init; } = "";

    public string? ImageTag { get; init; }

    public string? ImageTags { get; init; }

    public string? User { get; init; }

    public string? WorkingDirectory { get; init; }

    public string? WorkingDirectoryOwner { get; init; }

    public string? WorkingDirectoryMode { get; init; }

    public IReadOnlyList<ITaskItem> Ports { get; init; } = [];

    public IReadOnlyList<ITaskItem> EnvironmentVariables { get; init; } = [];

    public IReadOnlyList<ITaskItem> Labels { get; init; } = [];

    public IReadOnlyList<ITaskItem> GeneratedLabels { get; init; } = [];

    /// <summary>Which generated labels the library adds (created, base name, base digest).</summary>
    public Oci.Building.GeneratedLabels GeneratedLabelKinds { get; init; } = Oci.Building.GeneratedLabels.BaseName | Oci.Building.GeneratedLabels.BaseDigest;

    public IReadOnlyList<string> Entrypoint { get; init; } = [];

    public IReadOnlyList<string> EntrypointArgs { get; init; } = [];

    public IReadOnlyList<string> AppCommand { get; init; } = [];

    public IReadOnlyList<string> AppCommandArgs { get; init; } = [];

    public IReadOnlyList<string> DefaultArgs { get; init; } = [];

    public string? AppCommandInstruction { get; init; }

    public string? AppHostFileName { get; init; }

    public string AppAssemblyFileName { get; init; } = "";

    public string? ImageFormat { get; init; }

    public IReadOnlyList<ITaskItem> LayerRules { get; init; } = [];

    /// <summary>A multi-platform build's per-RID files and runtime packs (see <see cref="ImageTaskParameters.PlatformItems"/>); empty for one image.</summary>
    public IReadOnlyList<ITaskItem> PlatformItems { get; init; } = [];

    public IReadOnlyList<ITaskItem> ExtraLayers { get; init; } = [];

    public string? SourceDateEpoch { get; init; }

    public string? ArchiveOutputPath { get; init; }

    public string DefaultArchiveDirectory { get; init; } = "";

    public string? OciLayoutPath { get; init; }

    public string WorkDirectory { get; init; } = "";

    public string? Registry { get; init; }

    /// <summary>LocalRegistry: Docker or Podman loads the image into that engine; null writes no engine.</summary>
    public string? LocalRegistry { get; init; }

    public IReadOnlyList<string> InsecureRegistries { get; init; } = [];

    public string? RegistryCertificateAuthority { get; init; }

    public bool ChunkedUpload { get; init; }

    public int MaxParallelUploads { get; init; } = 4;

    public long RegistryTimeout { get; init; } = 300;

    public string? MountFromRepository { get; init; }

    public string? CacheDirectory { get; init; }

    public long CacheMaxSizeMB { get; init; } = 10240;

    public bool RunCheck { get; init; } = true;

    /// <summary>ContainerizeSbom: make the image's SBOM and send it beside the image.</summary>
    public bool Sbom { get; init; } = true;

    /// <summary>$(ProjectDepsFileName): the published file whose libraries the SBOM lists.</summary>
    public string? DepsFileName { get; init; }
}
