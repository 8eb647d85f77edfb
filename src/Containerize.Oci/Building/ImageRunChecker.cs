using System.Diagnostics;
using Containerize.Oci.Errors;
using Containerize.Oci.Inspection;
using Containerize.Oci.Layers;
using Containerize.Oci.Logging;
using Containerize.Oci.Model;

namespace Containerize.Oci.Building;

/// <summary>
/// Runs <see cref="RunCheck"/> on an assembled image before any destination sees it: the merged file tree of the base
/// layers (file lists from <see cref="LayerFileListCache"/>) and our planned layers, and the config's command and
/// environment.
/// </summary>
internal static class ImageRunChecker
{
    public static async Task CheckAsync(BuiltImage image, IReadOnlyList<PlannedLayer> ourLayers, string runtimeIdentifier, string cacheDirectory, IBuildLog log, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var tree = new ImageFileTree();
        var cache = new LayerFileListCache(cacheDirectory);
        int read = 0;
        foreach (ILayer layer in image.BaseLayers)
        {
            try
            {
                (LayerFileList list, bool cached) = await cache.GetAsync(layer, cancellationToken).ConfigureAwait(false);
                read += cached ? 0 : 1;
                tree.Apply(list);
            }
            catch (NotSupportedException exception)
            {
                log.Warning(ErrorCodes.RunCheckSkipped, $"Run check skipped: a layer of the base '{image.Base.Name}' cannot be read ({exception.Message}).");
                return;
            }
        }

        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (PlannedLayer layer in ourLayers)
        {
            tree.Apply(new LayerFileList { Entries = LayerTree.Complete(layer.Entries).Select(ToFileEntry).ToArray() });
            foreach (LayerEntry entry in layer.Entries.Where(entry => entry.Type == LayerEntryType.File && entry.SourcePath is not null))
            {
                sources[entry.ContainerPath] = entry.SourcePath!;
            }
        }

        ImageConfig config = OciJson.Deserialize<ImageConfig>(image.ConfigBytes);
        string summary = RunCheck.Check(new RunCheckInput
        {
            Files = tree,
            Command = [.. config.Config?.Entrypoint ?? [], .. config.Config?.Cmd ?? []],
            Environment = config.Config?.Env ?? [],
            Architecture = config.Architecture,
            BaseName = image.Base.Name,
            BaseIsEmpty = image.BaseLayers.Count == 0,
            SourceFiles = sources,
            RuntimeIdentifier = runtimeIdentifier,
        });
        log.Info($"{summary} ({tree.Count} paths; base file lists: {read} read from their layers, {image.BaseLayers.Count - read} from the cache; {clock.Elapsed.TotalMilliseconds:0} ms)");
    }

    private static ImageFileEntry ToFileEntry(LayerEntry entry) => new(
        entry.ContainerPath,
        entry.Type switch
        {
            LayerEntryType.Directory => ImageFileType.Directory,
            LayerEntryType.Symlink => ImageFileType.Symlink,
            _ => ImageFileType.File,
        },
        entry.Mode,
        entry.LinkTarget);
}
