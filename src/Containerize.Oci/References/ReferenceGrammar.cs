using System.Text.RegularExpressions;
using Containerize.Oci.Errors;

namespace Containerize.Oci.References;

/// <summary>The distribution reference grammar for registries, repositories and tags, with errors that say what is allowed.</summary>
public static partial class ReferenceGrammar
{
    /// <summary>The longest repository name registries accept.</summary>
    public const int MaximumRepositoryLength = 255;

    public static bool IsValidRepository(string? repository) =>
        !string.IsNullOrEmpty(repository) && repository.Length <= MaximumRepositoryLength && RepositoryPattern().IsMatch(repository);

    public static bool IsValidTag(string? tag) => !string.IsNullOrEmpty(tag) && TagPattern().IsMatch(tag);

    public static bool IsValidRegistry(string? registry) => !string.IsNullOrEmpty(registry) && RegistryPattern().IsMatch(registry);

    /// <summary>
    /// The SDK's fix-up of a repository that is not a valid name (so a project moved from it keeps its repository):
    /// upper case becomes lower case and every character other than letters, digits, <c>_</c>, <c>-</c> and <c>/</c>
    /// becomes <c>-</c> (<c>My App</c> and <c>Contoso.Web.Api</c> become <c>my-app</c> and <c>contoso-web-api</c>).
    /// A valid name is returned as it is; null when nothing valid comes out (the caller reports the original).
    /// </summary>
    public static string? FixUpRepository(string repository)
    {
        if (IsValidRepository(repository))
        {
            return repository;
        }

        if (string.IsNullOrEmpty(repository) || !char.IsAsciiLetterOrDigit(repository[0]))
        {
            return null;
        }

        string fixedUp = string.Concat(repository.Select(c =>
            char.IsAsciiLetterUpper(c) ? char.ToLowerInvariant(c) : char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-' or '/' ? c : '-'));
        return IsValidRepository(fixedUp) ? fixedUp : null;
    }

    /// <summary>Throws <see cref="ErrorCodes.InvalidRepositoryName"/> naming the value when it is not a repository name.</summary>
    public static void ValidateRepository(string repository)
    {
        if (IsValidRepository(repository))
        {
            return;
        }

        string lower = repository.ToLowerInvariant();
        string hint = !string.IsNullOrEmpty(repository) && lower != repository && IsValidRepository(lower)
            ? $"Repository names are lower case: use '{lower}'."
            : "Use lower-case letters and digits, separated by '.', '_', '__' or '-' inside a component and by '/' between components (for example team/api), at most 255 characters.";
        throw new ContainerizeException(
            ErrorCodes.InvalidRepositoryName,
            $"The repository name '{repository}' is not valid.",
            hint);
    }

    /// <summary>Throws <see cref="ErrorCodes.InvalidTag"/> naming the value when it is not a tag.</summary>
    public static void ValidateTag(string tag)
    {
        if (IsValidTag(tag))
        {
            return;
        }

        throw new ContainerizeException(
            ErrorCodes.InvalidTag,
            $"The tag '{tag}' is not valid.",
            "A tag is 1 to 128 characters: letters, digits, '_', '.' and '-', not starting with '.' or '-' (for example 1.0.0 or latest).");
    }

    /// <summary>Throws <see cref="ErrorCodes.InvalidRegistry"/> naming the value when it is not a host[:port].</summary>
    public static void ValidateRegistry(string registry)
    {
        if (IsValidRegistry(registry))
        {
            return;
        }

        throw new ContainerizeException(
            ErrorCodes.InvalidRegistry,
            $"The registry '{registry}' is not a host name with an optional port.",
            "Give the registry as host[:port] without a scheme or path, for example registry.example:5000 or ghcr.io.");
    }

    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^(?:(?:[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])(?:\.(?:[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]))*|\[[0-9A-Fa-f:.]+\])(?::[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex RegistryPattern();
}
