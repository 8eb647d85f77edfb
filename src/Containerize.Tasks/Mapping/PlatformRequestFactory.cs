using Containerize.Oci.Building;
using Containerize.Tasks.Parameters;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Containerize.Tasks.Mapping;

/// <summary>
/// One request per RID of a multi-platform build: the single-image request with that RID's published files, runtime
/// packs and work folder. Everything else (settings, entrypoint, destinations) is the same for every platform.
/// </summary>
internal static class PlatformRequestFactory
{
    public static IReadOnlyList<ImageBuildRequest> Create(ImageTaskSettings settings, ImageBuildRequest template) =>
        settings.PlatformItems
            .GroupBy(item => item.GetMetadata("ContainerizePlatform").Trim(), StringComparer.Ordinal)
            .Select(platform =>
            {
                ITaskItem[] files = platform.Where(item => item.GetMetadata("ContainerizeItemKind") == "File").Select(WithOwnSourceProject).ToArray();
                string publishDirectory = files.Select(item => item.GetMetadata("ContainerizePublishDirectory")).FirstOrDefault(directory => directory.Length > 0) ?? "";
                var runtimePacks = new HashSet<string>(
                    platform.Where(item => item.GetMetadata("ContainerizeItemKind") == "RuntimePack").Select(item => item.ItemSpec),
                    StringComparer.OrdinalIgnoreCase);
                return template with
                {
                    RuntimeIdentifier = platform.Key,
                    WorkDirectory = Path.Combine(template.WorkDirectory, platform.Key),
                    Layers = template.Layers with
                    {
                        PublishedFiles = PublishedFileMapper.Map(files, publishDirectory, settings.PackageRoot),
                        RuntimePackIds = runtimePacks,
                    },
                };
            })
            .ToArray();

    /// <summary>The inner build's MSBuild task stamped MSBuildSourceProjectFile (the app's own project) on every file; a referenced project's value was kept aside.</summary>
    private static ITaskItem WithOwnSourceProject(ITaskItem item)
    {
        var copy = new TaskItem(item);
        copy.SetMetadata("MSBuildSourceProjectFile", item.GetMetadata("ContainerizeSourceProjectFile"));
        return copy;
    }
}
