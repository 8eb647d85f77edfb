using Containerize.Oci.Planning;
using Microsoft.Build.Framework;

namespace Containerize.Tasks.Mapping;

/// <summary>Turns <c>ResolvedFileToPublish</c> items into <see cref="PublishedFile"/>s, copying the metadata the planner classifies by.</summary>
internal static class PublishedFileMapper
{
    /// <summary>
    /// Maps the items, then adds the files in <paramref name="publishDirectory"/> that no item names: other targets copy
    /// files there directly (static web assets, their endpoints manifest, web.config), and the SDK's own container
    /// support takes the whole folder too. They carry no metadata, so they are the app's own.
    /// </summary>
    public static IReadOnlyList<PublishedFile> Map(IEnumerable<ITaskItem> items, string publishDirectory, string? packageRoot = null)
    {
        // MSBuild paths may carry backslashes (PublishDir is bin\Release/...); '/' works on every OS.
        publishDirectory = publishDirectory.Replace('\\', '/');
        IReadOnlyList<PublishedFile> listed = MapItems(items, publishDirectory, string.IsNullOrWhiteSpace(packageRoot) ? null : Path.GetFullPath(packageRoot.Trim()));
        if (publishDirectory.Length == 0 || !Directory.Exists(publishDirectory))
        {
            return listed;
        }

        var known = listed.Select(file => file.RelativePath).ToHashSet(StringComparer.Ordinal);
        var all = listed.ToList();
        var everything = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
        foreach (string path in Directory.EnumerateFiles(publishDirectory, "*", everything).Order(StringComparer.Ordinal))
        {
            string relativePath = Path.GetRelativePath(publishDirectory, path).Replace('\\', '/');
            if (known.Add(relativePath))
            {
                all.Add(new PublishedFile { SourcePath = Path.GetFullPath(path), RelativePath = relativePath });
            }
        }

        return all;
    }

    private static IReadOnlyList<PublishedFile> MapItems(IEnumerable<ITaskItem> items, string publishDirectory, string? packageRoot)
    {
        var files = new List<PublishedFile>();
        foreach (ITaskItem item in items)
        {
            // The app's own satellites carry a backslash in RelativePath even on Linux.
            string relativePath = item.GetMetadata("RelativePath").Replace('\\', '/');
            if (relativePath.Length == 0)
            {
                relativePath = Path.GetFileName(item.ItemSpec);
            }

            (string? packageId, string? packageVersion) = (NullIfEmpty(item.GetMetadata("NuGetPackageId")), NullIfEmpty(item.GetMetadata("NuGetPackageVersion")));
            if (packageId is null && packageRoot is not null)
            {
                (packageId, packageVersion) = PackageFromPath(item.GetMetadata("FullPath"), packageRoot);
            }

            files.Add(new PublishedFile
            {
                SourcePath = ChooseSource(item, relativePath, publishDirectory),
                RelativePath = relativePath,
                NuGetPackageId = packageId,
                NuGetPackageVersion = packageVersion,
                ReferenceSourceTarget = NullIfEmpty(item.GetMetadata("ReferenceSourceTarget")),
                SourceProjectFile = NullIfEmpty(item.GetMetadata("MSBuildSourceProjectFile")),
            });
        }

        return files;
    }

    /// <summary>
    /// The copy in the publish folder is what the user tested, and for trimmed or ReadyToRun apps the item path is an
    /// intermediate file; the item path is the fallback when the publish folder does not hold the file (-t:PublishLayeredImage
    /// run with NoBuild and a cleaned publish folder).
    /// </summary>
    private static string ChooseSource(ITaskItem item, string relativePath, string publishDirectory)
    {
        if (publishDirectory.Length > 0)
        {
            string published = Path.GetFullPath(Path.Combine(publishDirectory, relativePath));
            if (File.Exists(published))
            {
                return published;
            }
        }

        return item.GetMetadata("FullPath");
    }

    /// <summary>
    /// Some packages copy files with their own targets (ONNX Runtime's native libraries), so the items carry no NuGet
    /// metadata; their path in the packages folder, <c>ROOT/id/version/…</c>, still says which package they belong to.
    /// </summary>
    internal static (string? Id, string? Version) PackageFromPath(string fullPath, string packageRoot)
    {
        if (fullPath.Length == 0)
        {
            return (null, null);
        }

        string relative = Path.GetRelativePath(packageRoot, fullPath).Replace('\\', '/');
        string[] segments = relative.Split('/');
        return segments.Length >= 3 && segments[0] != ".." && !Path.IsPathRooted(relative) ? (segments[0], segments[1]) : (null, null);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
