using System.Text.Json;
using System.Text.Json.Serialization;

namespace Containerize.Oci.Model;

/// <summary>
/// The execution parameters of an image config (its <c>config</c> object). Docker's names are PascalCase and OCI kept
/// them. Fields we do not model (Healthcheck, OnBuild, Shell, ArgsEscaped, …) survive in <see cref="ExtensionData"/>.
/// </summary>
public sealed record ContainerConfig
{
    [JsonPropertyName("User")]
    public string? User { get; init; }

    /// <summary>Keys such as <c>8080/tcp</c>; the values are empty objects.</summary>
    [JsonPropertyName("ExposedPorts")]
    public IReadOnlyDictionary<string, EmptyObject>? ExposedPorts { get; init; }

    /// <summary><c>NAME=value</c> entries, in order.</summary>
    [JsonPropertyName("Env")]
    public IReadOnlyList<string>? Env { get; init; }

    [JsonPropertyName("Entrypoint")]
    public IReadOnlyList<string>? Entrypoint { get; init; }

    [JsonPropertyName("Cmd")]
    public IReadOnlyList<string>? Cmd { get; init; }

    [JsonPropertyName("Volumes")]
    public IReadOnlyDictionary<string, EmptyObject>? Volumes { get; init; }

    [JsonPropertyName("WorkingDir")]
    public string? WorkingDir { get; init; }

    [JsonPropertyName("Labels")]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    [JsonPropertyName("StopSignal")]
    public string? StopSignal { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; init; }
}
