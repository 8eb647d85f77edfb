namespace Containerize.Oci.Inspection;

/// <summary>What the run check looks at: the image's merged files, how it starts, and where our files' bytes are.</summary>
public sealed record RunCheckInput
{
    /// <summary>The merged file system of the base's layers and ours.</summary>
    public required ImageFileTree Files { get; init; }

    /// <summary>The command the container starts: entrypoint followed by cmd.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>The image's environment (<c>NAME=value</c>, base and ours merged), for PATH and LD_LIBRARY_PATH.</summary>
    public IReadOnlyList<string> Environment { get; init; } = [];

    /// <summary>The image's OCI architecture (<c>amd64</c>, <c>arm64</c>, …).</summary>
    public required string Architecture { get; init; }

    /// <summary>The base as the user named it, for messages.</summary>
    public required string BaseName { get; init; }

    /// <summary>True when the base has no layers (scratch).</summary>
    public bool BaseIsEmpty { get; init; }

    /// <summary>Our files' container paths and where their bytes are on disk (the entry executable is read from there).</summary>
    public IReadOnlyDictionary<string, string> SourceFiles { get; init; } = new Dictionary<string, string>();

    /// <summary>The runtime identifier the app was published for, for hints.</summary>
    public string? RuntimeIdentifier { get; init; }
}
