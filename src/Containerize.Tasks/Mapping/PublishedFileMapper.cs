using Containerize.Oci.Planning;
using Microsoft.Build.Framework;

namespace Containerize.Tasks.Mapping;

/// <summary>Turns <c>ResolvedFileToPublish</c> items into <see cref="PublishedFile"/>s, copying the metadata the planner classifies by.</summary>
internal static class PublishedFileMapper
{
    public static IReadOnlyList<PublishedFile> Map(IEnumerable<ITaskItem> items, string publishDirectory)
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
