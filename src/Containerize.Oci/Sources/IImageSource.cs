using Containerize.Oci.Building;
using Containerize.Oci.Model;

namespace Containerize.Oci.Sources;

/// <summary>Where a base image comes from: scratch, an OCI layout folder, an OCI archive, a registry.</summary>
public interface IImageSource
{
    /// <summary>Resolves the reference (through an index when there is one) to the single-platform image for <paramref name="platform"/>.</summary>
    Task<SourceImage> ResolveAsync(Platform platform, CancellationToken cancellationToken);
}

/// <summary>A resolved single-platform base image: exact manifest and config bytes, layer descriptors and a way to read the layers.</summary>
public sealed record SourceImage
{
    /// <summary>The reference as written, for the <c>org.opencontainers.image.base.name</c> annotation.</summary>
    public required string Name { get; init; }

    /// <summary>The manifest's descriptor (its digest is recorded as <c>org.opencontainers.image.base.digest</c>); null for scratch.</summary>
    public Descriptor? Manifest { get; init; }

    /// <summary>The manifest's media type family decides the default format of our image; null for scratch.</summary>
    public string? ManifestMediaType { get; init; }

    public required byte[] ConfigBytes { get; init; }

    public required IReadOnlyList<Descriptor> Layers { get; init; }

    public required IBlobSource Blobs { get; init; }
}
