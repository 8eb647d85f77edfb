using Containerize.Oci.Layers;
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

    /// <summary>
    /// The layer of a runtime pack: <c>runtime</c> for Microsoft.NETCore.App, <c>runtime-aspnetcore</c> for
    /// Microsoft.AspNetCore.App, and so on. One layer per shared framework, so a console app and a web app on the same
    /// runtime version and RID share the <c>runtime</c> layer's digest, as the official runtime and aspnet images do.
    /// </summary>
    public static string ForRuntimePack(string packageId)
    {
        const string Prefix = "microsoft.";
        const string Infix = ".app.runtime.";
        string id = packageId.ToLowerInvariant();
        int infix = id.IndexOf(Infix, StringComparison.Ordinal);
        string framework = id.StartsWith(Prefix, StringComparison.Ordinal) && infix > Prefix.Length
            ? id[Prefix.Length..infix]
            : id;
        if (framework == "netcore")
        {
            return Runtime;
        }

        string name = $"{Runtime}-{new string(framework.Select(c => IsLowerAlphanumeric(c) || c is '.' or '_' or '-' ? c : '-').ToArray())}";
        return name.Length > MaxLength ? name[..MaxLength] : name;
    }

    /// <summary>True for <c>runtime</c> and the <c>runtime-*</c> layers of other shared frameworks.</summary>
    public static bool IsRuntimeLayer(string name) =>
        name == Runtime || name.StartsWith(Runtime + "-", StringComparison.Ordinal);

    /// <summary>The standard layer with this name, if it is one.</summary>
    public static LayerKind? StandardKind(string name) => name switch
    {
        _ when IsRuntimeLayer(name) => LayerKind.Runtime,
        Packages => LayerKind.Packages,
        PrereleasePackages => LayerKind.PrereleasePackages,
        ProjectReferences => LayerKind.ProjectReferences,
        App => LayerKind.App,
        _ => null,
    };

    /// <summary>Throws InvalidLayerName unless the name is lower-case <c>[a-z0-9][a-z0-9._-]*</c> (at most 128 characters).</summary>
    /// <param name="setting">Where the user wrote the name, for the hint: a rule's <c>Include</c>, an extra layer's <c>Layer</c>.</param>
    public static void Validate(string? name, string usedBy, string setting = "Layer")
    {
        if (!IsValid(name))
        {
            throw new ContainerizeException(
                ErrorCodes.InvalidLayerName,
                $"The layer name '{name}' of {usedBy} is not valid.",
                $"Use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, for example {setting}=\"static-files\".");
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
