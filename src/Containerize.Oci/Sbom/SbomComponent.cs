namespace Containerize.Oci.Sbom;

/// <summary>What kind of thing a deps.json library is: a NuGet package, a referenced project, a runtime pack.</summary>
public enum SbomComponentKind
{
    Package,
    Project,
    RuntimePack,
    Reference,
}

/// <summary>One library of the app's deps.json: <c>libraries["Name/Version"]</c> and its <c>type</c>.</summary>
public sealed record SbomComponent(string Name, string Version, SbomComponentKind Kind)
{
    /// <summary>The package URL of a NuGet package or runtime pack (<c>pkg:nuget/Name@Version</c>); null for projects.</summary>
    public string? PackageUrl => Kind is SbomComponentKind.Package or SbomComponentKind.RuntimePack
        ? $"pkg:nuget/{Uri.EscapeDataString(Name)}@{Uri.EscapeDataString(Version)}"
        : null;
}
