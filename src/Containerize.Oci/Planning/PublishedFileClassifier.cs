using Containerize.Oci.Layers;

namespace Containerize.Oci.Planning;

/// <summary>
/// Says which standard layer a published file belongs to, from its item metadata only (never from its name):
/// a ProjectReference origin is a project reference (checked first: a transitive project reference also carries the
/// NuGet id and version the assets file gives it); a runtime pack's package id is the runtime; any other package id is
/// a package, prerelease when its version has a SemVer prerelease label; everything else is the app's own.
/// </summary>
public static class PublishedFileClassifier
{
    public static LayerKind Classify(PublishedFile file, IReadOnlySet<string> runtimePackIds)
    {
        if (string.Equals(file.ReferenceSourceTarget, "ProjectReference", StringComparison.OrdinalIgnoreCase)
            || !string.IsNullOrEmpty(file.SourceProjectFile))
        {
            return LayerKind.ProjectReferences;
        }

        if (!string.IsNullOrEmpty(file.NuGetPackageId))
        {
            if (runtimePackIds.Contains(file.NuGetPackageId))
            {
                return LayerKind.Runtime;
            }

            return IsPrerelease(file.NuGetPackageVersion) ? LayerKind.PrereleasePackages : LayerKind.Packages;
        }

        return LayerKind.App;
    }

    /// <summary>SemVer: a '-' before any '+' build metadata starts a prerelease label (<c>1.0.0-beta.1+abc</c>).</summary>
    public static bool IsPrerelease(string? version)
    {
        if (string.IsNullOrEmpty(version))
        {
            return false;
        }

        int plus = version.IndexOf('+', StringComparison.Ordinal);
        string withoutMetadata = plus < 0 ? version : version[..plus];
        return withoutMetadata.Contains('-', StringComparison.Ordinal);
    }
}
