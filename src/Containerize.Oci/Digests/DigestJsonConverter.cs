using System.Text.Json;
using System.Text.Json.Serialization;

namespace Containerize.Oci.Digests;

/// <summary>Reads and writes a <see cref="Digest"/> as its string form.</summary>
public sealed class DigestJsonConverter : JsonConverter<Digest>
{
    public override Digest Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? text = reader.GetString();
        if (!Digest.TryParse(text, out Digest digest))
        {
            throw new JsonException($"'{text}' is not a valid digest.");
        }

        return digest;
    }

    public override void Write(Utf8JsonWriter writer, Digest value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
