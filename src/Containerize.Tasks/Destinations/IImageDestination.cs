using Containerize.Oci.Building;

namespace Containerize.Tasks.Destinations;

/// <summary>One place a built image goes: an archive, an OCI layout folder, a registry (later a daemon).</summary>
internal interface IImageDestination
{
    /// <summary>Writes the image under <paramref name="imageNames"/> (<c>repository:tag</c>); nothing half-written is left on failure.</summary>
    Task<DestinationResult> WriteAsync(BuiltImage image, IReadOnlyList<string> imageNames, CancellationToken cancellationToken);

    /// <summary>Writes a multi-platform image: every platform's image, then the index under <paramref name="imageNames"/>.</summary>
    Task<DestinationResult> WriteIndexAsync(BuiltImageIndex index, IReadOnlyList<string> imageNames, CancellationToken cancellationToken);
}

/// <summary>Where the image went and the commands a user runs next; a registry push also gives its result and digest file.</summary>
internal sealed record DestinationResult(string Description, string? ArchivePath, IReadOnlyList<string> NextSteps)
{
    public Oci.Registry.RegistryPushResult? Push { get; init; }

    public string? DigestFilePath { get; init; }
}
