using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Containerize.Oci.Digests;

namespace Containerize.Oci.Sbom;

/// <summary>
/// Writes a CycloneDX 1.5 JSON document for an image: the app as the subject, one component per deps.json library
/// (packages and runtime packs with their <c>pkg:nuget</c> purl, projects without one), the base image by digest.
/// The bytes depend only on the request: components sorted, no clock, and the serial number a UUID made from the
/// SHA-256 of the document written without it.
/// </summary>
public static class CycloneDxWriter
{
    public const string MediaType = "application/vnd.cyclonedx+json";

    public const string SpecVersion = "1.5";

    public const string KindProperty = "containerize:kind";

    public static byte[] Write(SbomRequest request)
    {
        byte[] unsigned = WriteDocument(request, serialNumber: null);
        return WriteDocument(request, SerialNumber(SHA256.HashData(unsigned)));
    }

    /// <summary>A name-based UUID (version 5 bits, RFC 4122 variant) from the first 16 bytes of a hash.</summary>
    internal static string SerialNumber(ReadOnlySpan<byte> hash)
    {
        Span<byte> bytes = stackalloc byte[16];
        hash[..16].CopyTo(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        string hex = Convert.ToHexString(bytes).ToLowerInvariant();
        return $"urn:uuid:{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    private static byte[] WriteDocument(SbomRequest request, string? serialNumber)
    {
        SbomComponent? app = request.Components.FirstOrDefault(c => c.Kind == SbomComponentKind.Project && c.Name == request.AppName);
        IEnumerable<SbomComponent> components = request.Components
            .Where(c => !ReferenceEquals(c, app))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ThenBy(c => c.Version, StringComparer.Ordinal);

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("bomFormat", "CycloneDX");
            json.WriteString("specVersion", SpecVersion);
            if (serialNumber is not null)
            {
                json.WriteString("serialNumber", serialNumber);
            }

            json.WriteNumber("version", 1);
            json.WriteStartObject("metadata");
            json.WriteString("timestamp", request.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteStartObject("tools");
            json.WriteStartArray("components");
            json.WriteStartObject();
            json.WriteString("type", "application");
            json.WriteString("name", "Containerize.Tasks");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartObject("component");
            json.WriteString("type", "application");
            json.WriteString("bom-ref", "app");
            json.WriteString("name", request.AppName);
            if (app is not null)
            {
                json.WriteString("version", app.Version);
            }

            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartArray("components");
            foreach (SbomComponent component in components)
            {
                WriteComponent(json, component);
            }

            WriteBase(json, request);
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteComponent(Utf8JsonWriter json, SbomComponent component)
    {
        json.WriteStartObject();
        json.WriteString("type", component.Kind == SbomComponentKind.RuntimePack ? "framework" : "library");
        json.WriteString("bom-ref", component.PackageUrl ?? $"{KindName(component.Kind)}:{component.Name}@{component.Version}");
        json.WriteString("name", component.Name);
        json.WriteString("version", component.Version);
        if (component.PackageUrl is { } purl)
        {
            json.WriteString("purl", purl);
        }

        WriteKind(json, KindName(component.Kind));
        json.WriteEndObject();
    }

    /// <summary>The base image: a <c>container</c> component whose version is its manifest digest (with a <c>pkg:oci</c> purl for a registry base).</summary>
    private static void WriteBase(Utf8JsonWriter json, SbomRequest request)
    {
        json.WriteStartObject();
        json.WriteString("type", "container");
        json.WriteString("bom-ref", "base-image");
        json.WriteString("name", request.BaseName);
        if (request.BaseDigest is { } digest)
        {
            json.WriteString("version", digest.ToString());
            if (OciPackageUrl(request.BaseName, digest) is { } purl)
            {
                json.WriteString("purl", purl);
            }

            json.WriteStartArray("hashes");
            json.WriteStartObject();
            json.WriteString("alg", "SHA-256");
            json.WriteString("content", digest.Encoded);
            json.WriteEndObject();
            json.WriteEndArray();
        }

        WriteKind(json, "base-image");
        json.WriteEndObject();
    }

    private static void WriteKind(Utf8JsonWriter json, string kind)
    {
        json.WriteStartArray("properties");
        json.WriteStartObject();
        json.WriteString("name", KindProperty);
        json.WriteString("value", kind);
        json.WriteEndObject();
        json.WriteEndArray();
    }

    /// <summary><c>pkg:oci/NAME@sha256%3A…?repository_url=HOST/PATH</c> for a registry base; null for local bases.</summary>
    private static string? OciPackageUrl(string baseName, Digest digest)
    {
        if (baseName.Contains(':', StringComparison.Ordinal) && !baseName.Contains('/', StringComparison.Ordinal))
        {
            return null;
        }

        if (baseName.StartsWith("oci:", StringComparison.Ordinal) || baseName.StartsWith("oci-archive:", StringComparison.Ordinal))
        {
            return null;
        }

        string repository = baseName.Split('@')[0];
        int lastSlash = repository.LastIndexOf('/');
        int tagColon = repository.LastIndexOf(':');
        if (tagColon > lastSlash)
        {
            repository = repository[..tagColon];
        }

        string name = repository[(lastSlash + 1)..];
        return $"pkg:oci/{name}@{Uri.EscapeDataString(digest.ToString())}?repository_url={Uri.EscapeDataString(repository)}";
    }

    private static string KindName(SbomComponentKind kind) => kind switch
    {
        SbomComponentKind.Package => "package",
        SbomComponentKind.Project => "project",
        SbomComponentKind.RuntimePack => "runtimepack",
        _ => "reference",
    };
}
