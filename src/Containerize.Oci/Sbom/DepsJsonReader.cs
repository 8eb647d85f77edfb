using System.Text.Json;
using Containerize.Oci.Errors;

namespace Containerize.Oci.Sbom;

/// <summary>
/// Reads the <c>libraries</c> of an app's <c>.deps.json</c>: what the host resolves at run time, so exactly what the
/// image holds of packages, projects and (self-contained) the runtime pack.
/// </summary>
public static class DepsJsonReader
{
    public static IReadOnlyList<SbomComponent> Read(string depsJsonPath)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(depsJsonPath));
            if (!document.RootElement.TryGetProperty("libraries", out JsonElement libraries) || libraries.ValueKind != JsonValueKind.Object)
            {
                throw Unreadable(depsJsonPath, "it has no \"libraries\" object");
            }

            var components = new List<SbomComponent>();
            foreach (JsonProperty library in libraries.EnumerateObject())
            {
                int slash = library.Name.LastIndexOf('/');
                if (slash <= 0 || slash == library.Name.Length - 1)
                {
                    throw Unreadable(depsJsonPath, $"the library key '{library.Name}' is not 'Name/Version'");
                }

                string type = library.Value.TryGetProperty("type", out JsonElement value) ? value.GetString() ?? "" : "";
                components.Add(new SbomComponent(library.Name[..slash], library.Name[(slash + 1)..], KindOf(type)));
            }

            return components;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException)
        {
            throw Unreadable(depsJsonPath, exception.Message, exception);
        }
    }

    private static SbomComponentKind KindOf(string type) => type switch
    {
        "package" => SbomComponentKind.Package,
        "project" => SbomComponentKind.Project,
        "runtimepack" => SbomComponentKind.RuntimePack,
        _ => SbomComponentKind.Reference,
    };

    private static ContainerizeException Unreadable(string path, string why, Exception? inner = null) => new(
        ErrorCodes.SbomDepsJsonUnreadable,
        $"The SBOM could not be made: the app's deps.json '{path}' could not be read ({why}).",
        "Publish the app again (the file is written by the SDK's GenerateDepsFile), or set ContainerizeSbom=false to build the image without an SBOM.",
        inner);
}
