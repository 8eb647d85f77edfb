using System.Text.RegularExpressions;
using Containerize.Oci.Errors;

namespace Containerize.Oci.Registry;

/// <summary>The distribution spec's grammar for repository names and tags, checked before anything is sent.</summary>
internal static partial class RegistryNames
{
    public static void ValidateRepository(string repository)
    {
        if (repository.Length > 255 || !RepositoryPattern().IsMatch(repository))
        {
            throw new ContainerizeException(ErrorCodes.InvalidRepositoryName,
                $"'{repository}' is not a valid repository name.",
                "Use lower-case path components of a-z, 0-9 and single '.', '_', '__' or '-' separators, joined by '/' (ContainerRepository).");
        }
    }

    public static void ValidateTag(string tag)
    {
        if (!TagPattern().IsMatch(tag))
        {
            throw new ContainerizeException(ErrorCodes.InvalidTag,
                $"'{tag}' is not a valid tag.",
                "A tag is 1 to 128 characters of A-Z, a-z, 0-9, '_', '.' and '-', not starting with '.' or '-' (ContainerImageTag(s)).");
        }
    }

    [GeneratedRegex("^[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex("^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$")]
    private static partial Regex TagPattern();
}
