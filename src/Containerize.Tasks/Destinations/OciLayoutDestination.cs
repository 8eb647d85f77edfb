using System.Formats.Tar;
using Containerize.Oci.Building;
using Containerize.Oci.Destinations;

namespace Containerize.Tasks.Destinations;

/// <summary>
/// An OCI image layout folder (ContainerOciLayoutPath), for skopeo's <c>oci:</c>, umoci and as a base for other builds.
/// The archive already is a layout, so it is written to a temporary file and unpacked beside the target, which is then
/// swapped in: a failed build leaves the previous folder as it was.
/// </summary>
internal sealed class OciLayoutDestination : IImageDestination
{
    private readonly string _layoutPath;
    private readonly string _workDirectory;

    public OciLayoutDestination(string layoutPath, string workDirectory)
    {
        _layoutPath = Path.TrimEndingDirectorySeparator(layoutPath);
        _workDirectory = workDirectory;
    }

    public async Task<DestinationResult> WriteAsync(BuiltImage image, IReadOnlyList<string> imageNames, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_workDirectory);
        string suffix = Guid.NewGuid().ToString("N");
        string archive = Path.Combine(_workDirectory, $"layout-{suffix}.tar");
        string staging = $"{_layoutPath}.tmp-{suffix}";
        try
        {
            await OciArchiveWriter.WriteAsync(image, archive, imageNames, cancellationToken).ConfigureAwait(false);
            Directory.CreateDirectory(staging);
            await TarFile.ExtractToDirectoryAsync(archive, staging, overwriteFiles: false, cancellationToken).ConfigureAwait(false);
            if (Directory.Exists(_layoutPath))
            {
                Directory.Delete(_layoutPath, recursive: true);
            }

            Directory.Move(staging, _layoutPath);
        }
        finally
        {
            File.Delete(archive);
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        string tag = imageNames[0][(imageNames[0].LastIndexOf(':') + 1)..];
        return new DestinationResult(
            $"OCI layout: {_layoutPath}",
            null,
            [$"skopeo inspect oci:{ArchiveDestination.Quote(_layoutPath)}:{tag}", $"umoci unpack --image {ArchiveDestination.Quote(_layoutPath)}:{tag} bundle"]);
    }
}
