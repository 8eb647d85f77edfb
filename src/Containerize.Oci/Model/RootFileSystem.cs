using System.Text.Json.Serialization;
using Containerize.Oci.Digests;

namespace Containerize.Oci.Model;

/// <summary>The config's <c>rootfs</c>: the diffIDs (digests of the uncompressed layer tars), bottom first.</summary>
public sealed record RootFileSystem
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "layers";

    [JsonPropertyName("diff_ids")]
    public required IReadOnlyList<Digest> DiffIds { get; init; }
}
