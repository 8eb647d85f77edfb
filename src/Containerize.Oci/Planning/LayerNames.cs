using Containerize.Oci.Errors;

namespace Containerize.Oci.Planning;

/// <summary>The names of the standard layers and the rule for names users give.</summary>
public static class LayerNames
{
    public const string Runtime = "runtime";
    public const string Packages = "packages";
    public const string PrereleasePackages = "prerelease-packages";
    public const string ProjectReferences = "project-references";
    public const string App = "app";

    private const int MaxLength = 128;

    /// <summary>The name of a standard layer kind.</summary>
    public static string Of(LayerKind kind) => kind switch
    {
        LayerKind.Runtime => Runtime,
        LayerKind.Packages => Packages,
        LayerKind.PrereleasePackages => PrereleasePackages,
        LayerKind.ProjectReferences => ProjectReferences,
        LayerKind.App => App,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only standard layers have fixed names."),
    };

    /// <summary>The standard layer with this name, if it is one.</summary>
    public static LayerKind? StandardKind(string name) => name switch
    {
        Runtime => LayerKind.Runtime,
        Packages => LayerKind.Packages,
        PrereleasePackages => LayerKind.PrereleasePackages,
        ProjectReferences => LayerKind.ProjectReferences,
        App => LayerKind.App,
        _ => null,
    };

    /// <summary>Throws InvalidLayerName unless the name is lower-case <c>[a-z0-9][a-z0-9._-]*</c> (at most 128 characters).</summary>
    public static void Validate(string? name, string usedBy)
    {
        if (!IsValid(name))
        {
            throw new ContainerizeException(
                ErrorCodes.InvalidLayerName,
                $"The layer name '{name}' of {usedBy} is not valid.",
                "Use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, for example Layer=\"static-files\".");
        }
    }

    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || !IsLowerAlphanumeric(name[0]))
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!IsLowerAlphanumeric(c) && c is not ('.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLowerAlphanumeric(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
