using Containerize.Oci.Planning;
using Containerize.Oci.Storage;

namespace Containerize.Oci.Layers;

/// <summary>How a layer blob is written.</summary>
public sealed record LayerWriteOptions
{
    /// <summary>The mtime of every entry.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The layer media type to put in the descriptor (OCI or Docker gzip layer).</summary>
    public required string MediaType { get; init; }
}

/// <summary>Writes a planned layer as a deterministic tar, hashing it (diffID) and gzipping it (digest) in one pass.</summary>
public static class LayerBlobWriter
{
    public static Task<BuiltLayer> WriteAsync(PlannedLayer layer, LayerWriteOptions options, LocalBlobStore store, CancellationToken cancellationToken) =>
        throw new NotImplementedException();
}
