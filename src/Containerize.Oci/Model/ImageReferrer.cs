namespace Containerize.Oci.Model;

/// <summary>
/// An artifact that refers to an image (OCI 1.1 referrers: a manifest whose <c>subject</c> is the image), such as its
/// SBOM: the manifest's exact bytes and every blob it names, held in memory since referrers are small.
/// </summary>
public sealed record ImageReferrer
{
    public required Descriptor Manifest { get; init; }

    public required byte[] ManifestBytes { get; init; }

    /// <summary>The manifest's config and layers, each with its exact bytes.</summary>
    public required IReadOnlyList<(Descriptor Descriptor, byte[] Bytes)> Blobs { get; init; }

    /// <summary>What the manifest refers to (its <c>subject</c>).</summary>
    public required Descriptor Subject { get; init; }

    /// <summary>The index entry that names this referrer: its descriptor with its artifact type, as the referrers API lists it.</summary>
    public required Descriptor IndexEntry { get; init; }
}
