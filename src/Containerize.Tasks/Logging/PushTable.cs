using System.Globalization;
using System.Text;
using Containerize.Oci.Building;
using Containerize.Oci.Digests;
using Containerize.Oci.Registry;

namespace Containerize.Tasks.Logging;

/// <summary>
/// Printed after a push, under the layer table: what happened to each blob (already there, mounted, uploaded) with
/// its size and the bytes sent, so a user sees at a glance that the base was not sent again.
/// </summary>
internal static class PushTable
{
    public static string Format(BuiltImage image, RegistryPushResult result)
    {
        Dictionary<Digest, string> names = BlobNames(image);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Push to {result.Registry}/{result.Repository}");
        text.AppendLine(Row("blob", "outcome", "size", "sent", "digest"));
        foreach (BlobPushOutcome blob in result.Blobs)
        {
            text.AppendLine(Row(
                names.GetValueOrDefault(blob.Blob.Digest, "blob"),
                Describe(blob.Action),
                LayerTable.FormatSize(blob.Blob.Size),
                LayerTable.FormatSize(blob.BytesSent),
                blob.Blob.Digest.ToString()));
        }

        int uploaded = result.Blobs.Count(blob => blob.Action == BlobPushAction.Uploaded);
        int mounted = result.Blobs.Count(blob => blob.Action == BlobPushAction.Mounted);
        int existed = result.Blobs.Count(blob => blob.Action == BlobPushAction.Existed);
        text.Append(CultureInfo.InvariantCulture,
            $"Blobs: {uploaded} uploaded ({LayerTable.FormatSize(result.BytesSent)} sent), {mounted} mounted, {existed} existed");
        return text.ToString();
    }

    internal static string Describe(BlobPushAction action) => action switch
    {
        BlobPushAction.Existed => "existed",
        BlobPushAction.Mounted => "mounted",
        _ => "uploaded",
    };

    /// <summary>The names the layer table uses (<c>base 1</c>, <c>runtime</c>, <c>app</c>, …), plus <c>config</c>.</summary>
    private static Dictionary<Digest, string> BlobNames(BuiltImage image)
    {
        var names = new Dictionary<Digest, string> { [image.Config.Digest] = "config" };
        foreach (var layer in image.AppLayers)
        {
            names.TryAdd(layer.Descriptor.Digest, layer.Name);
        }

        for (int index = 0; index < image.BaseLayers.Count; index++)
        {
            names.TryAdd(image.BaseLayers[index].Digest, $"base {index + 1}");
        }

        return names;
    }

    private static string Row(string name, string outcome, string size, string sent, string digest) =>
        string.Create(CultureInfo.InvariantCulture, $"  {name,-22} {outcome,-8} {size,11} {sent,11}  {digest}");
}
