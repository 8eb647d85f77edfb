using System.Formats.Tar;
using System.Globalization;
using System.Text;
using Containerize.Oci.Digests;
using Containerize.Oci.Errors;
using Containerize.Oci.Model;

namespace Containerize.Oci.Sources;

/// <summary>
/// A base image in a tar of an OCI image layout (<c>oci-archive:FILE[:TAG]</c>). The archive is unpacked once into the
/// work directory under a key made of its full path, size and modification time, so a changed archive is unpacked
/// again; a folder appears under its key only by a rename after it is complete, so a half-unpacked one is never read.
/// </summary>
public sealed class OciArchiveImageSource : IImageSource
{
    private readonly string _name;
    private readonly string _archivePath;
    private readonly string? _tag;
    private readonly string _workDirectory;

    public OciArchiveImageSource(string name, string archivePath, string? tag, string workDirectory)
    {
        _name = name;
        _archivePath = Path.GetFullPath(archivePath);
        _tag = tag;
        _workDirectory = workDirectory;
    }

    public async Task<SourceImage> ResolveAsync(Platform platform, CancellationToken cancellationToken)
    {
        string layoutDirectory = await UnpackAsync(cancellationToken).ConfigureAwait(false);
        return await new OciLayoutImageSource(_name, layoutDirectory, _tag).ResolveAsync(platform, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Unpacks the archive unless an unpacked copy of this exact file exists; returns the layout folder.</summary>
    public async Task<string> UnpackAsync(CancellationToken cancellationToken)
    {
        var archive = new FileInfo(_archivePath);
        if (!archive.Exists)
        {
            throw new ContainerizeException(
                ErrorCodes.BaseImageNotFound,
                $"The base image archive '{_archivePath}' does not exist.",
                "Create it with, for example, skopeo copy docker://IMAGE oci-archive:FILE.tar:TAG, or fix the path in ContainerBaseImage.");
        }

        string key = string.Create(CultureInfo.InvariantCulture, $"{archive.FullName}\n{archive.Length}\n{archive.LastWriteTimeUtc.Ticks}");
        string root = Path.Combine(_workDirectory, "base-archives");
        string finalDirectory = Path.Combine(root, Digest.ComputeSha256(Encoding.UTF8.GetBytes(key)).Encoded[..32]);
        if (Directory.Exists(finalDirectory))
        {
            return finalDirectory;
        }

        string temporaryDirectory = finalDirectory + ".tmp-" + Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(temporaryDirectory);
        try
        {
            try
            {
                await TarFile.ExtractToDirectoryAsync(archive.FullName, temporaryDirectory, overwriteFiles: false, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                throw new ContainerizeException(
                    ErrorCodes.InvalidBaseImageContent,
                    $"The base image archive '{archive.FullName}' could not be unpacked: {exception.Message}",
                    "Check that it is an uncompressed tar of an OCI image layout (skopeo's oci-archive: format).",
                    exception);
            }

            try
            {
                Directory.Move(temporaryDirectory, finalDirectory);
            }
            catch (IOException) when (Directory.Exists(finalDirectory))
            {
                // Another build unpacked the same archive first; its copy is complete, so use it.
            }
        }
        finally
        {
            if (Directory.Exists(temporaryDirectory))
            {
                Directory.Delete(temporaryDirectory, recursive: true);
            }
        }

        return finalDirectory;
    }
}
