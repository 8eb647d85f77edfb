namespace Containerize.Oci.Layers;

/// <summary>One layer to build: its name (runtime, packages, …, app, or a user's name), its kind and its entries.</summary>
public sealed record PlannedLayer
{
    public required string Name { get; init; }

    public required LayerKind Kind { get; init; }

    /// <summary>The entries, in the order they are listed (the writer sorts them).</summary>
    public required IReadOnlyList<LayerEntry> Entries { get; init; }
}
