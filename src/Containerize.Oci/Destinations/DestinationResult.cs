using Containerize.Oci.Registry;

namespace Containerize.Oci.Destinations;

/// <summary>What a destination did, in words and in values: a line for the log, the commands a user runs next, and what it wrote.</summary>
public sealed record DestinationResult(string Description, IReadOnlyList<string> NextSteps)
{
    /// <summary>The archive file written, for an archive destination.</summary>
    public string? ArchivePath { get; init; }

    /// <summary>The registry's account of a push, for a registry destination.</summary>
    public RegistryPushResult? Push { get; init; }

    /// <summary>The file that holds the pushed digest reference, when one was asked for.</summary>
    public string? DigestFilePath { get; init; }

    /// <summary>The names the local engine now lists, for a local engine destination.</summary>
    public IReadOnlyList<string> LoadedNames { get; init; } = [];
}
