using Containerize.Oci.Errors;
using Containerize.Oci.References;

namespace Containerize.Oci.BaseInference;

/// <summary>
/// <c>ContainerizeDefaultBaseRegistry</c>: where inferred base images are pulled from instead of mcr.microsoft.com, a
/// mirror or pull-through cache, as <c>host[:port]</c> with an optional repository prefix (<c>mirror.example/mcr</c>
/// gives <c>mirror.example/mcr/dotnet/runtime:10.0</c>).
/// </summary>
public static class DefaultBaseRegistry
{
    /// <summary>The value checked and trimmed; empty gives mcr.microsoft.com.</summary>
    public static string Parse(string? value)
    {
        string text = (value ?? "").Trim().TrimEnd('/');
        if (text.Length == 0)
        {
            return DotnetBaseImageInference.MicrosoftRegistry;
        }

        int slash = text.IndexOf('/');
        string host = slash < 0 ? text : text[..slash];
        string? prefix = slash < 0 ? null : text[(slash + 1)..];
        if (!ReferenceGrammar.IsValidRegistry(host) || (prefix is not null && !ReferenceGrammar.IsValidRepository(prefix)))
        {
            throw new ContainerizeException(
                ErrorCodes.InvalidDefaultBaseRegistry,
                $"ContainerizeDefaultBaseRegistry '{value}' is not a registry with an optional repository prefix.",
                "Give host[:port] and, if the mirror keeps the images under a folder, the lower-case prefix: mirror.example:5000 or mirror.example/mcr (no https://).");
        }

        return text;
    }
}
