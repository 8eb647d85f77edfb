using Containerize.Oci.Errors;
using Containerize.Oci.Model;

namespace Containerize.Oci.Sources;

/// <summary>
/// A base image in an uncompressed tar of an OCI image layout (<c>oci-archive:FILE[:TAG]</c>), read in place
/// (<see cref="ArchiveLayoutFiles"/>): nothing is unpacked, so there is no copy to go stale when the archive is
/// replaced, none to pile up in the work folder, and every blob is verified as it is read from the archive itself.
/// </summary>
public sealed class OciArchiveImageSource : IImageSource
{
    private readonly string _name;
    private readonly string _archivePath;
    private readonly string? _tag;

    public OciArchiveImageSource(string name, string archivePath, string? tag)
    {
        _name = name;
        _archivePath = Path.GetFullPath(archivePath);
        _tag = tag;
    }

    public async Task<SourceImage> ResolveAsync(Platform platform, CancellationToken cancellationToken)
    {
        if (!File.Exists(_archivePath))
        {
            throw new ContainerizeException(
                ErrorCodes.BaseImageNotFound,
                Directory.Exists(_archivePath)
                    ? $"The base image archive '{_archivePath}' is a folder, not a file."
                    : $"The base image archive '{_archivePath}' does not exist.",
                "Create it with, for example, skopeo copy docker://IMAGE oci-archive:FILE.tar:TAG, or fix the path in ContainerBaseImage (a folder is oci:FOLDER).");
        }

        ArchiveLayoutFiles files = await ArchiveLayoutFiles.OpenAsync(_archivePath, cancellationToken).ConfigureAwait(false);
        return await new OciLayoutImageSource(_name, files, _tag).ResolveAsync(platform, cancellationToken).ConfigureAwait(false);
    }
}
