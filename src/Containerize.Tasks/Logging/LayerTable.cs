using System.Globalization;
using System.Text;
using Containerize.Oci.Building;
using Containerize.Oci.Digests;
using Containerize.Oci.Layers;
using Containerize.Oci.Model;
using Containerize.Oci.Registry;

namespace Containerize.Tasks.Logging;

/// <summary>
/// The summary printed after every build: one row per layer with its files and sizes, how it was made (from the base,
/// taken from the cache, or built, and in how long), and, after a push, what the registry needed (already there,
/// mounted, uploaded, and in how long); then the image digest.
/// </summary>
internal static class LayerTable
{
    public static string Format(BuiltImage image, string imageName, RegistryPushResult? push = null)
    {
        Dictionary<Digest, BlobPushOutcome> pushed = push?.Blobs.GroupBy(blob => blob.Blob.Digest).ToDictionary(group => group.Key, group => group.First()) ?? [];
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Image {imageName} ({image.Platform}, base {image.Base.Name})");
        text.AppendLine(Row("layer", "files", "size", "compressed", "made", push is null ? "" : "registry", "digest"));
        for (int index = 0; index < image.BaseLayers.Count; index++)
        {
            Descriptor layer = image.BaseLayers[index].Descriptor;
            text.AppendLine(Row($"base {index + 1}", "-", "-", FormatSize(layer.Size), "base", PushState(pushed, layer), layer.Digest.ToString()));
        }

        foreach (BuiltLayer layer in image.AppLayers)
        {
            text.AppendLine(Row(
                layer.Name,
                layer.FileCount.ToString(CultureInfo.InvariantCulture),
                FormatSize(layer.UncompressedSize),
                FormatSize(layer.Descriptor.Size),
                $"{(layer.Reuse == LayerReuse.Cached ? "cached" : "built")} {FormatDuration(layer.Duration)}",
                PushState(pushed, layer.Descriptor),
                layer.Descriptor.Digest.ToString()));
        }

        if (push is not null)
        {
            text.AppendLine(Row("config", "-", "-", FormatSize(image.Config.Size), "-", PushState(pushed, image.Config), image.Config.Digest.ToString()));
        }

        text.Append(CultureInfo.InvariantCulture, $"Image digest: {image.Manifest.Digest}");
        return text.ToString();
    }

    /// <summary>Sizes in binary units with one decimal, so the table stays narrow and comparable across builds.</summary>
    internal static string FormatSize(long bytes) => Oci.Logging.ByteSizes.Format(bytes);

    internal static string FormatDuration(TimeSpan duration) =>
        duration.TotalSeconds >= 10
            ? string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.0} s")
            : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0} ms");

    private static string PushState(Dictionary<Digest, BlobPushOutcome> pushed, Descriptor blob)
    {
        if (!pushed.TryGetValue(blob.Digest, out BlobPushOutcome? outcome))
        {
            return "";
        }

        string sent = outcome.Action == BlobPushAction.Uploaded ? $" {FormatSize(outcome.BytesSent)}" : "";
        return $"{PushTable.Describe(outcome.Action)}{sent} {FormatDuration(outcome.Duration)}";
    }

    private static string Row(string name, string files, string size, string compressed, string made, string registry, string digest) =>
        string.Create(CultureInfo.InvariantCulture, $"  {name,-20} {files,6} {size,10} {compressed,10}  {made,-14} {registry,-24} {digest}").TrimEnd();
}
