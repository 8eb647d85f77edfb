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
                // The shape Include="wwwroot/**" Layer="static" cannot work: MSBuild turns the glob into the project's own
                // files (or into nothing at all) before any task sees it.
                string why = item.GetMetadata("Layer").Length > 0
                    ? " MSBuild expands a wildcard Include against the project folder, so the glob must go in Pattern."
                    : "";
                throw new ContainerizeException(
                    ErrorCodes.InvalidLayerRule,
                    $"ContainerLayerRule '{item.ItemSpec}' has no Pattern.{why}",
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

            string usedBy = $"ContainerExtraLayer '{item.ItemSpec}'";
            string owner = item.GetMetadata("Owner");
            (int userId, int groupId) = owner.Trim().Length == 0 ? (0, 0) : LayerSettingParser.ParseOwner(owner, usedBy);
            string layerName = item.GetMetadata("Layer").Trim();
            layers.Add(new ExtraLayerSource
            {
                LayerName = layerName.Length == 0 ? "extra" : layerName,
                SourceDirectory = folder,
                ContainerDirectory = containerPath,
                UserId = userId,
                GroupId = groupId,
                FileMode = ParseMode(item.GetMetadata("FileMode"), $"FileMode of {usedBy}"),
                DirectoryMode = ParseMode(item.GetMetadata("DirectoryMode"), $"DirectoryMode of {usedBy}"),
            });
        }

        return layers;
    }

    private static UnixFileMode? ParseMode(string value, string usedBy) =>
        value.Trim().Length == 0 ? null : LayerSettingParser.ParseMode(value, usedBy);
}
