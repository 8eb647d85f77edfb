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
        WriteAsync(PublishableImage.From(image), archivePath, OciLayoutContent.ParseNames(imageNames), cancellationToken);

    /// <summary>Writes a multi-platform image: index.json names the index; manifest.json lists every image, tags on the first.</summary>
    public static Task WriteAsync(BuiltImageIndex index, string archivePath, IReadOnlyList<string> imageNames, CancellationToken cancellationToken) =>
        WriteAsync(PublishableImage.From(index), archivePath, OciLayoutContent.ParseNames(imageNames), cancellationToken);

    /// <summary>Writes an image or an index under typed names (local names: a repository without a registry is Docker Hub's, as docker loads it).</summary>
    public static Task WriteAsync(PublishableImage content, string archivePath, IReadOnlyList<ImageName> imageNames, CancellationToken cancellationToken) =>
        WriteAsync(content, archivePath, imageNames.Select(name => name.ToLocalReference()).ToArray(), cancellationToken);

    private static async Task WriteAsync(PublishableImage content, string archivePath, IReadOnlyList<ImageReference> names, CancellationToken cancellationToken)
    {
        string fullPath = Path.GetFullPath(archivePath);
        await OciLayoutContent.PrepareAsync(content, cancellationToken).ConfigureAwait(false);
        // A build killed while writing left its temporary archive here: gone now, before this one is begun.
        TemporaryFiles.DeleteStale(Path.GetDirectoryName(fullPath)!, Path.GetFileName(fullPath));
        string temporaryPath = TemporaryFiles.Beside(fullPath);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
            FileStream archive = new(temporaryPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous);
            await using (archive.ConfigureAwait(false))
            {
                await WriteToAsync(archive, Path.GetDirectoryName(fullPath)!, content, names, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Writes the archive's bytes to <paramref name="archive"/> (a file, or a process's standard input); <paramref name="scratchDirectory"/> stages unseekable blobs.</summary>
    internal static async Task WriteToAsync(Stream archive, string scratchDirectory, PublishableImage content, IReadOnlyList<ImageReference> names, CancellationToken cancellationToken)
    {
        var index = new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = OciLayoutContent.IndexEntries(content, names, listReferrers: false) };
        var sink = new TarLayoutSink(archive, scratchDirectory);
        await using (sink.ConfigureAwait(false))
        {
            await OciLayoutContent.WriteAsync(sink, content, index, includeDockerManifest: true, names, cancellationToken).ConfigureAwait(false);
        }
    }
}
