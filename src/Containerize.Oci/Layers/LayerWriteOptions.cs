namespace Containerize.Oci.Layers;

/// <summary>How a layer blob is written.</summary>
public sealed record LayerWriteOptions
{
    /// <summary>The mtime of every entry (whole seconds are used).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The layer media type to put in the descriptor (OCI or Docker gzip layer).</summary>
    public required string MediaType { get; init; }
}
