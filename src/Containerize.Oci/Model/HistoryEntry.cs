using System.Text.Json;
using System.Text.Json.Serialization;

namespace Containerize.Oci.Model;

/// <summary>One entry of the config's <c>history</c>: how a layer (or an empty step) was made.</summary>
public sealed record HistoryEntry
{
    /// <summary>RFC 3339 time. Always written by us: <c>umoci stat</c> crashes on entries without it.</summary>
    [JsonPropertyName("created")]
    public string? Created { get; init; }

    [JsonPropertyName("created_by")]
    public string? CreatedBy { get; init; }

    [JsonPropertyName("author")]
    public string? Author { get; init; }

    [JsonPropertyName("comment")]
    public string? Comment { get; init; }

    /// <summary>True for a step that made no layer (ENV, USER, …); such entries have no diffID.</summary>
    [JsonPropertyName("empty_layer")]
    public bool? EmptyLayer { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; init; }
}
