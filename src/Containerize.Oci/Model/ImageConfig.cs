using System.Text.Json;
using System.Text.Json.Serialization;

namespace Containerize.Oci.Model;

/// <summary>
/// An OCI image config (the same shape as Docker's container image config). Fields we do not model (a base's
/// <c>docker_version</c>, <c>container_config</c>, …) are kept in <see cref="ExtensionData"/> and written back unchanged.
/// </summary>
public sealed record ImageConfig
{
    [JsonPropertyName("created")]
    public string? Created { get; init; }

    [JsonPropertyName("author")]
    public string? Author { get; init; }

    [JsonPropertyName("architecture")]
    public required string Architecture { get; init; }

    [JsonPropertyName("os")]
    public required string Os { get; init; }

    [JsonPropertyName("os.version")]
    public string? OsVersion { get; init; }

    [JsonPropertyName("variant")]
    public string? Variant { get; init; }

    [JsonPropertyName("config")]
    public ContainerConfig? Config { get; init; }

    [JsonPropertyName("rootfs")]
    public required RootFileSystem RootFileSystem { get; init; }

    [JsonPropertyName("history")]
    public IReadOnlyList<HistoryEntry>? History { get; init; }

    /// <summary>Unknown top-level fields, kept so that what a base image carries survives a rebuild.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; init; }
}
