using Containerize.Oci.Digests;

namespace Containerize.Oci.Registry;

/// <summary>What a push did: the manifest (or index) digest the registry confirmed, the tags written, and each blob's fate.</summary>
public sealed record RegistryPushResult
{
    public required string Registry { get; init; }

    public required string Repository { get; init; }

    public required Digest Digest { get; init; }

    public required IReadOnlyList<string> Tags { get; init; }

    /// <summary>Every distinct blob (layers, then configs), in the order they were first needed.</summary>
    public required IReadOnlyList<BlobPushOutcome> Blobs { get; init; }

    /// <summary><c>REGISTRY/REPOSITORY@sha256:…</c>, for CI steps that deploy by digest.</summary>
    public string DigestReference => $"{Registry}/{Repository}@{Digest}";

    public long BytesSent => Blobs.Sum(blob => blob.BytesSent);
}
