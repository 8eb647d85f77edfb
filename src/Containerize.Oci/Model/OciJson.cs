using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Containerize.Oci.Model;

/// <summary>
/// The one JSON form used for everything we write (manifests, indexes, configs): compact, properties in declaration
/// order, nulls left out, map keys sorted ordinally, no HTML escaping. The same object always gives the same bytes.
/// </summary>
public static class OciJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNameCaseInsensitive = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        TypeInfoResolver = new SortedDictionaryKeysResolver(),
    };

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static T Deserialize<T>(ReadOnlySpan<byte> json)
    {
        return JsonSerializer.Deserialize<T>(json, Options)
            ?? throw new JsonException($"Expected a {typeof(T).Name} but found null.");
    }

    /// <summary>Reads just the top-level <c>mediaType</c> (null when absent), to tell an index from a manifest.</summary>
    public static string? PeekMediaType(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using JsonDocument document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("mediaType", out JsonElement mediaType)
            && mediaType.ValueKind == JsonValueKind.String
            ? mediaType.GetString()
            : null;
    }
}
