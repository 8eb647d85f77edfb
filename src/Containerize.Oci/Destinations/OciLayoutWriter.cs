using System.Text.Json;
using Containerize.Oci.Building;
using Containerize.Oci.Errors;
using Containerize.Oci.IO;
using Containerize.Oci.Model;
using Containerize.Oci.References;
using Containerize.Oci.Sources;

namespace Containerize.Oci.Destinations;

/// <summary>
/// Writes an image into an OCI image layout folder (what skopeo calls <c>oci:FOLDER:TAG</c>). Images already in the
/// folder stay; an entry with one of our tags is replaced. The index is written last, after every blob it names.
/// </summary>
public static class OciLayoutWriter
{
    public static Task WriteAsync(BuiltImage image, string layoutDirectory, IReadOnlyList<string> imageNames, CancellationToken cancellationToken) =>
        WriteAsync(PublishableImage.From(image), layoutDirectory, OciLayoutContent.ParseNames(imageNames), cancellationToken);

    public static Task WriteAsync(BuiltImageIndex index, string layoutDirectory, IReadOnlyList<string> imageNames, CancellationToken cancellationToken) =>
        WriteAsync(PublishableImage.From(index), layoutDirectory, OciLayoutContent.ParseNames(imageNames), cancellationToken);

    /// <summary>Adds an image or an index under typed names.</summary>
    public static Task WriteAsync(PublishableImage content, string layoutDirectory, IReadOnlyList<ImageName> imageNames, CancellationToken cancellationToken) =>
        WriteAsync(content, layoutDirectory, imageNames.Select(name => name.ToLocalReference()).ToArray(), cancellationToken);

    private static async Task WriteAsync(PublishableImage content, string layoutDirectory, IReadOnlyList<ImageReference> names, CancellationToken cancellationToken)
    {
        string fullPath = Path.GetFullPath(layoutDirectory);
        try
        {
            Directory.CreateDirectory(fullPath);
            // Files a killed build was writing here, before their rename: gone now, unless their build still runs.
            TemporaryFiles.DeleteStale(fullPath, "*");
            TemporaryFiles.DeleteStale(Path.Combine(fullPath, "blobs", "sha256"), "*");
            IReadOnlyList<Descriptor> ours = OciLayoutContent.IndexEntries(content, names, listReferrers: true);
            var tags = ours.Select(RefName).OfType<string>().ToHashSet(StringComparer.Ordinal);
            IEnumerable<Descriptor> kept = (await ReadExistingAsync(fullPath, cancellationToken).ConfigureAwait(false))
                .Where(entry => RefName(entry) is { } tag ? !tags.Contains(tag) : ours.All(own => own.Digest != entry.Digest));
            var index = new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = [.. kept, .. ours] };
            var sink = new FolderLayoutSink(fullPath);
            await OciLayoutContent.WriteAsync(sink, content, index, includeDockerManifest: false, names, cancellationToken).ConfigureAwait(false);
            await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ContainerizeException(
                ErrorCodes.OutputWriteFailed,
                $"The image layout folder '{fullPath}' could not be written: {exception.Message}",
                "Check that the folder is writable and the disk has room, or choose another output folder.",
                exception);
        }
    }

    private static string? RefName(Descriptor entry) =>
        entry.Annotations is { } annotations && annotations.TryGetValue(OciLayoutImageSource.RefNameAnnotation, out string? name) ? name : null;

    private static async Task<IReadOnlyList<Descriptor>> ReadExistingAsync(string layoutDirectory, CancellationToken cancellationToken)
    {
        string indexPath = Path.Combine(layoutDirectory, "index.json");
        if (!File.Exists(indexPath))
        {
            return [];
        }

        try
        {
            return OciJson.Deserialize<ImageIndex>(await File.ReadAllBytesAsync(indexPath, cancellationToken).ConfigureAwait(false)).Manifests;
        }
        catch (JsonException exception)
        {
            throw new ContainerizeException(
                ErrorCodes.OutputWriteFailed,
                $"The folder '{layoutDirectory}' has an index.json that is not an OCI image index, so it is not an image layout to add to.",
                "Choose an empty folder or an existing OCI image layout.",
                exception);
        }
    }
}
