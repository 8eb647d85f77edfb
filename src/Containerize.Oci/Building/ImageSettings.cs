namespace Containerize.Oci.Building;

/// <summary>An exposed port: number and protocol (<c>tcp</c> or <c>udp</c>).</summary>
public sealed record ContainerPort(int Number, string Protocol = "tcp");

/// <summary>
/// What the user configured for the image (the SDK's Container* properties and items, already split into values).
/// Validation happens in the library, so every host gets the same errors.
/// </summary>
public sealed record ImageSettings
{
    /// <summary>The repository name, for example <c>team/api</c> (lower case, registry grammar).</summary>
    public required string Repository { get; init; }

    /// <summary>The tags to publish under; <c>latest</c> when none is given.</summary>
    public IReadOnlyList<string> Tags { get; init; } = ["latest"];

    /// <summary>The user (numeric uid[:gid] or a name in the base's /etc/passwd); null picks the base's APP_UID, else 1654.</summary>
    public string? User { get; init; }

    /// <summary>The absolute working directory; the app's files go here too.</summary>
    public string WorkingDirectory { get; init; } = "/app";

    /// <summary>The owner (uid, gid) of the working directory in our layers; null keeps it root's. Set it to the app user to let the app write there.</summary>
    public (int UserId, int GroupId)? WorkingDirectoryOwner { get; init; }

    /// <summary>The mode of the working directory in our layers; null is 0755 (readable by every user).</summary>
    public UnixFileMode? WorkingDirectoryMode { get; init; }

    public IReadOnlyList<ContainerPort> Ports { get; init; } = [];

    /// <summary>Environment variables in the order given; they override the base image's values of the same name.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> EnvironmentVariables { get; init; } = [];

    /// <summary>Config labels; they override the base image's labels of the same name.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];

    /// <summary>The resolved entrypoint (see <see cref="ContainerCommandResolver"/>); empty keeps the base's.</summary>
    public IReadOnlyList<string> Entrypoint { get; init; } = [];

    /// <summary>The resolved command (default arguments); empty clears the base's when an entrypoint is set.</summary>
    public IReadOnlyList<string> Cmd { get; init; } = [];
}
