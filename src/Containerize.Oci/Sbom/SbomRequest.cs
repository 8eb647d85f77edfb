using Containerize.Oci.Digests;

namespace Containerize.Oci.Sbom;

/// <summary>What an SBOM describes: the app, every library its deps.json lists, the base image, and the image's one timestamp.</summary>
public sealed record SbomRequest
{
    /// <summary>The app (the deps.json library of this name is the document's subject, not one of its components).</summary>
    public required string AppName { get; init; }

    public required IReadOnlyList<SbomComponent> Components { get; init; }

    /// <summary>The base as recorded in the image (<c>org.opencontainers.image.base.name</c>): a registry reference, <c>oci:NAME</c> or <c>scratch</c>.</summary>
    public required string BaseName { get; init; }

    /// <summary>The base manifest's digest; null for <c>scratch</c>.</summary>
    public Digest? BaseDigest { get; init; }

    /// <summary>The image's timestamp (SOURCE_DATE_EPOCH or the fixed default), never the clock.</summary>
    public required DateTimeOffset Timestamp { get; init; }
}
