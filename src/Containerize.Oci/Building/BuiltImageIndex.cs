using Containerize.Oci.Model;

namespace Containerize.Oci.Building;

/// <summary>A multi-platform image: the index (exact bytes) and the single-platform images it lists, in order.</summary>
public sealed record BuiltImageIndex
{
    public required Descriptor Index { get; init; }

    public required byte[] IndexBytes { get; init; }

    public required IReadOnlyList<BuiltImage> Images { get; init; }
}
