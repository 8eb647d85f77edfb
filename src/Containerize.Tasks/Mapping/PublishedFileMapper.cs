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
    public static IReadOnlyList<PublishedFile> Map(IEnumerable<ITaskItem> items, string publishDirectory)
    {
        // MSBuild paths may carry backslashes (PublishDir is bin\Release/...); '/' works on every OS.
        publishDirectory = publishDirectory.Replace('\\', '/');
        IReadOnlyList<PublishedFile> listed = MapItems(items, publishDirectory);
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

    private static IReadOnlyList<PublishedFile> MapItems(IEnumerable<ITaskItem> items, string publishDirectory)
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

            files.Add(new PublishedFile
            {
                SourcePath = ChooseSource(item, relativePath, publishDirectory),
                RelativePath = relativePath,
                NuGetPackageId = NullIfEmpty(item.GetMetadata("NuGetPackageId")),
                NuGetPackageVersion = NullIfEmpty(item.GetMetadata("NuGetPackageVersion")),
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

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
