using Containerize.Oci.Building;
using Containerize.Oci.Errors;
using Containerize.Oci.IO;
using Containerize.Oci.Model;
using Containerize.Oci.References;

namespace Containerize.Oci.Destinations;

/// <summary>
/// Writes an image as one .tar that holds an OCI image layout (oci-layout, index.json, blobs/) and a Docker-style
/// manifest.json beside it, so docker load, podman load, skopeo's oci-archive: and docker-archive: all accept it.
/// The tar is written to a temporary file and renamed, so a failure never leaves a partial archive.
/// </summary>
public static class OciArchiveWriter
{
    /// <param name="imageNames">Full names such as <c>team/api:1.0</c>, recorded as tags in both index.json and manifest.json.</param>
    public static Task WriteAsync(BuiltImage image, string archivePath, IReadOnlyList<string> imageNames, CancellationToken cancellationToken) =>
        WriteAsync(LayoutImage.From(image), archivePath, imageNames, cancellationToken);

    /// <summary>Writes a multi-platform image: index.json names the index; manifest.json lists every image, tags on the first.</summary>
    public static Task WriteAsync(BuiltImageIndex index, string archivePath, IReadOnlyList<string> imageNames, CancellationToken cancellationToken) =>
        WriteAsync(LayoutImage.From(index), archivePath, imageNames, cancellationToken);

    private static async Task WriteAsync(LayoutImage content, string archivePath, IReadOnlyList<string> imageNames, CancellationToken cancellationToken)
    {
        IReadOnlyList<ImageReference> names = OciLayoutContent.ParseNames(imageNames);
        string fullPath = Path.GetFullPath(archivePath);
        await OciLayoutContent.PrepareAsync(content, cancellationToken).ConfigureAwait(false);
        // A build killed while writing left its temporary archive here: gone now, before this one is begun.
        TemporaryFiles.DeleteStale(Path.GetDirectoryName(fullPath)!, Path.GetFileName(fullPath));
        string temporaryPath = TemporaryFiles.Beside(fullPath);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
            var index = new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = OciLayoutContent.IndexEntries(content, names) };
            FileStream archive = new(temporaryPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous);
            await using (archive.ConfigureAwait(false))
            {
                var sink = new TarLayoutSink(archive);
                await using (sink.ConfigureAwait(false))
                {
                    await OciLayoutContent.WriteAsync(sink, content, index, includeDockerManifest: true, names, cancellationToken).ConfigureAwait(false);
                }
            }

            File.Move(temporaryPath, fullPath, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ContainerizeException(
                ErrorCodes.OutputWriteFailed,
                $"The image archive '{fullPath}' could not be written: {exception.Message}",
                "Check that the folder is writable and the disk has room, or set ContainerArchiveOutputPath to another path.",
                exception);
        }
        finally
        {
            TemporaryFiles.Discard(temporaryPath);
        }
    }
}
