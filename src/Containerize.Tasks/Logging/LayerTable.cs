using System.Globalization;
using System.Text;
using Containerize.Oci.Building;

namespace Containerize.Tasks.Logging;

/// <summary>The short summary printed after every build: one row per layer, then the image digest.</summary>
internal static class LayerTable
{
    public static string Format(BuiltImage image, string imageName)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Image {imageName} ({image.Platform}, base {image.Base.Name})");
        text.AppendLine(Row("layer", "files", "size", "compressed", "digest"));
        for (int index = 0; index < image.BaseLayers.Count; index++)
        {
            var layer = image.BaseLayers[index];
            text.AppendLine(Row($"base {index + 1}", "-", "-", FormatSize(layer.Size), layer.Digest.ToString()));
        }

        foreach (var layer in image.AppLayers)
        {
            text.AppendLine(Row(
                layer.Name,
                layer.FileCount.ToString(CultureInfo.InvariantCulture),
                FormatSize(layer.UncompressedSize),
                FormatSize(layer.Descriptor.Size),
                layer.Descriptor.Digest.ToString()));
        }

        text.Append(CultureInfo.InvariantCulture, $"Image digest: {image.Manifest.Digest}");
        return text.ToString();
    }

    /// <summary>Sizes in binary units with one decimal, so the table stays narrow and comparable across builds.</summary>
    internal static string FormatSize(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB"];
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }

    private static string Row(string name, string files, string size, string compressed, string digest) =>
        string.Create(CultureInfo.InvariantCulture, $"  {name,-22} {files,6} {size,11} {compressed,11}  {digest}");
}
