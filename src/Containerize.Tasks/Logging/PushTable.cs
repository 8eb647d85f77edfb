using System.Globalization;
using Containerize.Oci.Registry;

namespace Containerize.Tasks.Logging;

/// <summary>The words and the one-line summary of a push; each blob's outcome is a column of <see cref="LayerTable"/>.</summary>
internal static class PushTable
{
    public static string Summary(RegistryPushResult result)
    {
        int uploaded = result.Blobs.Count(blob => blob.Action == BlobPushAction.Uploaded);
        int mounted = result.Blobs.Count(blob => blob.Action == BlobPushAction.Mounted);
        int existed = result.Blobs.Count(blob => blob.Action == BlobPushAction.Existed);
        return string.Create(CultureInfo.InvariantCulture,
            $"Push to {result.Registry}/{result.Repository}: {uploaded} blobs uploaded ({LayerTable.FormatSize(result.BytesSent)} sent), {mounted} mounted, {existed} existed");
    }

    internal static string Describe(BlobPushAction action) => action switch
    {
        BlobPushAction.Existed => "existed",
        BlobPushAction.Mounted => "mounted",
        _ => "uploaded",
    };
}
