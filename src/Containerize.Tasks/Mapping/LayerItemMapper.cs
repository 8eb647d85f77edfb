using Containerize.Oci.Errors;
using Containerize.Oci.Planning;
using Microsoft.Build.Framework;

namespace Containerize.Tasks.Mapping;

/// <summary>Turns ContainerLayerRule and ContainerExtraLayer items into the planner's rules and extra layer sources.</summary>
internal static class LayerItemMapper
{
    /// <summary>
    /// <c>&lt;ContainerLayerRule Include="static" Pattern="wwwroot/**;*.svg" /&gt;</c>. The layer name is the Include and the
    /// globs are metadata because MSBuild expands a wildcard Include against the project folder before we see it.
    /// </summary>
    public static IReadOnlyList<LayerRule> MapRules(IEnumerable<ITaskItem> items)
    {
        var rules = new List<LayerRule>();
        foreach (ITaskItem item in items)
        {
            string[] patterns = item.GetMetadata("Pattern").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (item.ItemSpec.Trim().Length == 0 || patterns.Length == 0)
            {
                throw new ContainerizeException(
                    ErrorCodes.InvalidLayerRule,
                    $"ContainerLayerRule '{item.ItemSpec}' has no Pattern.",
                    "Write it as <ContainerLayerRule Include=\"static\" Pattern=\"wwwroot/**\" />: Include names the layer, Pattern lists globs relative to the app folder.");
            }

            rules.AddRange(patterns.Select(pattern => new LayerRule(item.ItemSpec.Trim(), pattern)));
        }

        return rules;
    }

    /// <summary><c>&lt;ContainerExtraLayer Include="folder" ContainerPath="/opt/x" Layer="extras" Owner="1654:1654" FileMode="0644" DirectoryMode="0755" /&gt;</c>.</summary>
    public static IReadOnlyList<ExtraLayerSource> MapExtraLayers(IEnumerable<ITaskItem> items)
    {
        var layers = new List<ExtraLayerSource>();
        foreach (ITaskItem item in items)
        {
            string folder = item.GetMetadata("FullPath");
            if (!Directory.Exists(folder))
            {
                throw new ContainerizeException(
                    ErrorCodes.ExtraLayerFolderMissing,
                    $"ContainerExtraLayer folder '{item.ItemSpec}' does not exist (looked for '{folder}').",
                    "Point Include at an existing folder, relative to the project.");
            }

            string containerPath = item.GetMetadata("ContainerPath").Trim();
            if (!containerPath.StartsWith('/'))
            {
                throw new ContainerizeException(
                    ErrorCodes.InvalidContainerPath,
                    $"ContainerPath '{containerPath}' of ContainerExtraLayer '{item.ItemSpec}' is not an absolute container path.",
                    "Set ContainerPath to an absolute path such as /opt/extras.");
            }

            (int userId, int groupId) = SettingsParser.ParseOwner(item.GetMetadata("Owner"), item.ItemSpec);
            string layerName = item.GetMetadata("Layer").Trim();
            layers.Add(new ExtraLayerSource
            {
                LayerName = layerName.Length == 0 ? "extra" : layerName,
                SourceDirectory = folder,
                ContainerDirectory = containerPath,
                UserId = userId,
                GroupId = groupId,
                FileMode = SettingsParser.ParseMode(item.GetMetadata("FileMode"), "FileMode", item.ItemSpec),
                DirectoryMode = SettingsParser.ParseMode(item.GetMetadata("DirectoryMode"), "DirectoryMode", item.ItemSpec),
            });
        }

        return layers;
    }
}
