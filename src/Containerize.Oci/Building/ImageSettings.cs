namespace Containerize.Oci.Building;

/// <summary>An exposed port: number and protocol (<c>tcp</c> or <c>udp</c>).</summary>
public sealed record ContainerPort(int Number, string Protocol = "tcp");

/// <summary>The SDK's generated labels whose values only the build knows, so the library adds them (the others come as <see cref="ImageSettings.Labels"/>).</summary>
[Flags]
public enum GeneratedLabels
{
    None = 0,

    /// <summary><c>org.opencontainers.image.created</c> and <c>org.opencontainers.artifact.created</c>: the image's timestamp, never the clock.</summary>
    Created = 1,

    /// <summary><c>org.opencontainers.image.base.name</c>: the base as recorded (a local base by folder name, never a path).</summary>
    BaseName = 2,

    /// <summary><c>org.opencontainers.image.base.digest</c>: the base manifest's digest.</summary>
    BaseDigest = 4,
}

/// <summary>
/// What the user configured for the image (the SDK's Container* properties and items, already split into values).
/// Validation happens in the library, so every host gets the same errors.
/// </summary>
public sealed record ImageSettings
{
    /// <summary>The repository name, for example <c>team/api</c> (lower case, registry grammar).</summary>
    public required string Repository { get; init; }

    /// <summary>The working directory when none is given, as in the SDK.</summary>
    public const string DefaultWorkingDirectory = Planning.ContainerPaths.DefaultAppDirectory;

    /// <summary>The tags to publish under; <c>latest</c> when none is given.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [References.ImageName.DefaultTag];

    /// <summary>The user (numeric uid[:gid] or a name in the base's /etc/passwd); null picks the base's APP_UID, else 1654.</summary>
    public string? User { get; init; }

    /// <summary>The absolute working directory; the app's files go here too.</summary>
    public string WorkingDirectory { get; init; } = DefaultWorkingDirectory;

    /// <summary>The owner (uid, gid) of the working directory in our layers; null keeps it root's. Set it to the app user to let the app write there.</summary>
    public (int UserId, int GroupId)? WorkingDirectoryOwner { get; init; }

    /// <summary>The mode of the working directory in our layers; null is 0755 (readable by every user).</summary>
    public UnixFileMode? WorkingDirectoryMode { get; init; }

    public IReadOnlyList<ContainerPort> Ports { get; init; } = [];

    /// <summary>Environment variables in the order given; they override the base image's values of the same name.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> EnvironmentVariables { get; init; } = [];

    /// <summary>Config labels; they override the base image's labels of the same name, and the generated ones.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];

    /// <summary>Labels generated from project properties (the SDK's ContainerGenerateLabels family); the user's <see cref="Labels"/> win over them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> StandardLabels { get; init; } = [];

    /// <summary>Which generated labels the library adds itself; by default the base's name and digest, as before the SDK's switches were read.</summary>
    public GeneratedLabels GeneratedLabels { get; init; } = GeneratedLabels.BaseName | GeneratedLabels.BaseDigest;

    /// <summary>The resolved entrypoint (see <see cref="ContainerCommandResolver"/>); empty keeps the base's.</summary>
    public IReadOnlyList<string> Entrypoint { get; init; } = [];

    /// <summary>The resolved command (default arguments); empty clears the base's when an entrypoint is set.</summary>
    public IReadOnlyList<string> Cmd { get; init; } = [];
}
