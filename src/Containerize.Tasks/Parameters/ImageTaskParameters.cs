using Microsoft.Build.Framework;

namespace Containerize.Tasks.Parameters;

/// <summary>
/// The MSBuild parameters of <see cref="BuildLayeredImage"/>, kept apart from its logic (the SDK's <c>*.Interface.cs</c>
/// idea, as a base class so the mappers below the task depend on the parameters, not on the task). Names follow the
/// SDK's Container* properties and items; build/Containerize.Tasks.targets fills them.
/// </summary>
public abstract class ImageTaskParameters : Microsoft.Build.Utilities.Task
{
    /// <summary><c>@(ResolvedFileToPublish)</c>: every file of the publish output with its metadata.</summary>
    [Required]
    public ITaskItem[] PublishedFiles { get; set; } = [];

    /// <summary><c>$(PublishDir)</c>: a file's bytes are read from here when it exists there, else from the item's own path.</summary>
    [Required]
    public string PublishDirectory { get; set; } = "";

    /// <summary><c>$(NuGetPackageRoot)</c>: an item with no package metadata whose file lies here came from a package (copied by the package's own targets).</summary>
    public string? PackageRoot { get; set; }

    /// <summary><c>@(ResolvedRuntimePack->'%(NuGetPackageId)')</c>: files from these packages form the runtime layer.</summary>
    public string[] RuntimePackIds { get; set; } = [];

    /// <summary>ContainerBaseImage: <c>scratch</c>, <c>oci:DIR[:TAG]</c>, <c>oci-archive:FILE[:TAG]</c> or a registry reference.</summary>
    [Required]
    public string BaseImage { get; set; } = "";

    /// <summary>ContainerRuntimeIdentifier: picks the platform (linux-x64, linux-arm64, …).</summary>
    [Required]
    public string RuntimeIdentifier { get; set; } = "";

    /// <summary>ContainerRepository.</summary>
    [Required]
    public string Repository { get; set; } = "";

    /// <summary>ContainerImageTag: one tag.</summary>
    public string? ImageTag { get; set; }

    /// <summary>ContainerImageTags: tags separated by semicolons; wins over <see cref="ImageTag"/>.</summary>
    public string? ImageTags { get; set; }

    /// <summary>ContainerUser: numeric uid[:gid] or a name from the base's /etc/passwd; empty picks APP_UID, else 1654.</summary>
    public string? User { get; set; }

    /// <summary>ContainerWorkingDirectory: where the app goes and runs.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>ContainerizeWorkingDirectoryOwner: numeric uid[:gid] that owns the working directory (default root).</summary>
    public string? WorkingDirectoryOwner { get; set; }

    /// <summary>ContainerizeWorkingDirectoryMode: the working directory's octal mode (default 0755).</summary>
    public string? WorkingDirectoryMode { get; set; }

    /// <summary>ContainerPort items: Include is the number, <c>Type</c> is tcp (default) or udp.</summary>
    public ITaskItem[] Ports { get; set; } = [];

    /// <summary>ContainerEnvironmentVariable items: Include is the name, <c>Value</c> the value.</summary>
    public ITaskItem[] EnvironmentVariables { get; set; } = [];

    /// <summary>ContainerLabel items: Include is the name, <c>Value</c> the value.</summary>
    public ITaskItem[] Labels { get; set; } = [];

    /// <summary>The SDK's generated labels computed from properties (ContainerGenerateLabels*, ContainerDescription, …): Include the name, <c>Value</c> the value.</summary>
    public ITaskItem[] GeneratedLabels { get; set; } = [];

    /// <summary>ContainerGenerateLabels and ContainerGenerateLabelsImageCreated both true: add the created labels (from the image timestamp).</summary>
    public string? GenerateCreatedLabels { get; set; }

    /// <summary>ContainerGenerateLabels and ContainerGenerateLabelsImageBaseName both true: add org.opencontainers.image.base.name.</summary>
    public string? GenerateBaseNameLabel { get; set; }

    /// <summary>ContainerGenerateLabels and ContainerGenerateLabelsImageBaseDigest both true: add org.opencontainers.image.base.digest.</summary>
    public string? GenerateBaseDigestLabel { get; set; }

    /// <summary>ContainerEntrypoint items (the SDK's older way): the entrypoint as given.</summary>
    public ITaskItem[] Entrypoint { get; set; } = [];

    /// <summary>ContainerEntrypointArgs items.</summary>
    public ITaskItem[] EntrypointArgs { get; set; } = [];

    /// <summary>ContainerAppCommand items: replace the default app command.</summary>
    public ITaskItem[] AppCommand { get; set; } = [];

    /// <summary>ContainerAppCommandArgs items: appended to the app command.</summary>
    public ITaskItem[] AppCommandArgs { get; set; } = [];

    /// <summary>ContainerDefaultArgs items: CMD, overridable at run time.</summary>
    public ITaskItem[] DefaultArgs { get; set; } = [];

    /// <summary>ContainerAppCommandInstruction: Entrypoint, DefaultArgs or None.</summary>
    public string? AppCommandInstruction { get; set; }

    /// <summary>The apphost's file name when the app starts through it (self-contained or AOT); empty otherwise.</summary>
    public string? AppHostFileName { get; set; }

    /// <summary><c>$(TargetFileName)</c>: started as <c>dotnet App.dll</c> when there is no apphost.</summary>
    [Required]
    public string AppAssemblyFileName { get; set; } = "";

    /// <summary>ContainerImageFormat: empty (follow the base), OCI or Docker.</summary>
    public string? ImageFormat { get; set; }

    /// <summary>ContainerLayerRule items: Include is the layer name, <c>Pattern</c> the globs (relative to the app folder).</summary>
    public ITaskItem[] LayerRules { get; set; } = [];

    /// <summary>ContainerExtraLayer items: Include is a folder; ContainerPath, Layer, Owner, FileMode, DirectoryMode.</summary>
    public ITaskItem[] ExtraLayers { get; set; } = [];

    /// <summary>SOURCE_DATE_EPOCH (environment or property): the one timestamp of the image.</summary>
    public string? SourceDateEpoch { get; set; }

    /// <summary>ContainerArchiveOutputPath: a .tar file, or a folder that gets <c>&lt;repository&gt;.tar</c>.</summary>
    public string? ArchiveOutputPath { get; set; }

    /// <summary>ContainerizeOutputDirectory: the archive goes here when no destination is asked for; a push writes its digest file here.</summary>
    [Required]
    public string DefaultArchiveDirectory { get; set; } = "";

    /// <summary>ContainerOciLayoutPath: write the image as an OCI image layout folder here.</summary>
    public string? OciLayoutPath { get; set; }

    /// <summary>A folder for intermediate files (unpacked base archives).</summary>
    [Required]
    public string WorkDirectory { get; set; } = "";

    /// <summary>ContainerRegistry: <c>host[:port]</c>; when set the image is pushed there (and the default archive is not written).</summary>
    public string? Registry { get; set; }

    /// <summary>ContainerInsecureRegistries: registries (<c>host[:port]</c>) reachable over plain HTTP or with an unchecked certificate.</summary>
    public string[] InsecureRegistries { get; set; } = [];

    /// <summary>ContainerRegistryCertificateAuthority: a PEM file of extra CA certificates trusted for registries.</summary>
    public string? RegistryCertificateAuthority { get; set; }

    /// <summary>LocalRegistry: Docker or Podman loads the image into that local engine, as the SDK does.</summary>
    public string? LocalRegistry { get; set; }

    /// <summary>ContainerizeChunkedUpload (true/false): upload every blob in chunks even where a registry takes it whole. Text, so a bad value is our error naming the property.</summary>
    public string? ChunkedUpload { get; set; }

    /// <summary>ContainerizeMaxParallelUploads (a number, default 4): how many blobs are checked, mounted or uploaded at once.</summary>
    public string? MaxParallelUploads { get; set; }

    /// <summary>ContainerizeRegistryTimeout (a number, default 300): seconds one registry operation may spend waiting and retrying.</summary>
    public string? RegistryTimeout { get; set; }

    /// <summary>ContainerizeMountFromRepository: a repository of the same registry to mount blobs from (default: the base image's).</summary>
    public string? MountFromRepository { get; set; }

    /// <summary>ContainerizeCacheDirectory: the machine-wide cache of our layers and of registry bases' blobs.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>ContainerizeCacheMaxSizeMB (a number, default 10240): past this size the least recently used cache files are evicted after the build (0 keeps everything).</summary>
    public string? CacheMaxSizeMB { get; set; }

    /// <summary>
    /// A multi-platform build (ContainerRuntimeIdentifiers): every RID's published files and runtime packs, from its own
    /// publish. Metadata <c>ContainerizePlatform</c> (the RID), <c>ContainerizeItemKind</c> (<c>File</c> or
    /// <c>RuntimePack</c>, whose Include is the pack's NuGet id) and <c>ContainerizePublishDirectory</c>. Empty for one image.
    /// </summary>
    public ITaskItem[] PlatformItems { get; set; } = [];

    /// <summary>ContainerizeRunCheck (true/false, default true): check that the image can start (entry executable, loader, libraries, dotnet) before writing or pushing it.</summary>
    public string? RunCheck { get; set; }

    /// <summary>ContainerizeSbom (true/false, default true): make a CycloneDX SBOM of the image from the app's deps.json and send it beside the image (a referrer).</summary>
    public string? Sbom { get; set; }

    /// <summary><c>$(ProjectDepsFileName)</c>: the app's deps.json among the published files, which the SBOM lists.</summary>
    public string? DepsFileName { get; set; }

    /// <summary>The SBOM's digest (the blob), when one was made.</summary>
    [Output]
    public string? SbomDigest { get; set; }

    /// <summary>The image (manifest) digest.</summary>
    [Output]
    public string? ImageDigest { get; set; }

    /// <summary>The config digest (the image ID docker shows).</summary>
    [Output]
    public string? ConfigDigest { get; set; }

    /// <summary>The archive written, if any.</summary>
    [Output]
    public string? ArchivePath { get; set; }

    /// <summary>After a push: <c>REGISTRY/REPOSITORY@sha256:…</c>, for deploying by digest.</summary>
    [Output]
    public string? ImageDigestReference { get; set; }

    /// <summary>After a push: the file that holds <see cref="ImageDigestReference"/> (<c>&lt;repository&gt;.digest</c> in the output folder).</summary>
    [Output]
    public string? DigestFilePath { get; set; }

    /// <summary>After a push, one item per tag: Include is <c>REGISTRY/REPOSITORY:TAG</c>; metadata Registry, Repository, Tag, Digest, DigestReference.</summary>
    [Output]
    public ITaskItem[] PushedImages { get; set; } = [];

    /// <summary>The manifest's exact JSON (the SDK's GeneratedContainerManifest).</summary>
    [Output]
    public string? ManifestJson { get; set; }

    /// <summary>A multi-platform build's index, its exact JSON (the SDK's GeneratedImageIndex); empty for one image.</summary>
    [Output]
    public string? IndexJson { get; set; }

    /// <summary>The config's exact JSON (the SDK's GeneratedContainerConfiguration).</summary>
    [Output]
    public string? ConfigurationJson { get; set; }

    /// <summary>The manifest's media type (the SDK's GeneratedContainerMediaType).</summary>
    [Output]
    public string? ManifestMediaType { get; set; }

    /// <summary>One item per name the image was published under (the SDK's GeneratedContainerName): <c>REGISTRY/REPOSITORY:TAG</c> after a push, else <c>REPOSITORY:TAG</c>.</summary>
    [Output]
    public ITaskItem[] ImageNames { get; set; } = [];

    /// <summary>The resolved base: its registry, repository and tag (registry bases only) and manifest digest (the SDK's ContainerBase*).</summary>
    [Output]
    public string? BaseRegistry { get; set; }

    /// <inheritdoc cref="BaseRegistry"/>
    [Output]
    public string? BaseName { get; set; }

    /// <inheritdoc cref="BaseRegistry"/>
    [Output]
    public string? BaseTag { get; set; }

    /// <inheritdoc cref="BaseRegistry"/>
    [Output]
    public string? BaseDigest { get; set; }

    /// <summary>Every layer of the image, base first: Include is the name; metadata Digest, DiffId, Size, UncompressedSize, FileCount, MediaType, Source (base or app).</summary>
    [Output]
    public ITaskItem[] Layers { get; set; } = [];
}
