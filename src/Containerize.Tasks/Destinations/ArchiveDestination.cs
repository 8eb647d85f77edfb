using Containerize.Oci.Building;
using Containerize.Oci.Destinations;

namespace Containerize.Tasks.Destinations;

/// <summary>One .tar (OCI layout plus Docker manifest.json) that docker, podman and skopeo load; the library writes it temp-then-rename.</summary>
internal sealed class ArchiveDestination : IImageDestination
{
    private readonly string _archivePath;

    public ArchiveDestination(string archivePath)
    {
        _archivePath = archivePath;
    }

    public async Task<DestinationResult> WriteAsync(BuiltImage image, IReadOnlyList<string> imageNames, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_archivePath)!);
        await OciArchiveWriter.WriteAsync(image, _archivePath, imageNames, cancellationToken).ConfigureAwait(false);
        return Result(imageNames);
    }

    public async Task<DestinationResult> WriteIndexAsync(BuiltImageIndex index, IReadOnlyList<string> imageNames, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_archivePath)!);
        await OciArchiveWriter.WriteAsync(index, _archivePath, imageNames, cancellationToken).ConfigureAwait(false);
        return Result(imageNames);
    }

    private DestinationResult Result(IReadOnlyList<string> imageNames)
    {
        string firstName = imageNames[0];
        // index.json names each manifest by its tag (org.opencontainers.image.ref.name), which is what skopeo matches.
        string tag = firstName[(firstName.LastIndexOf(':') + 1)..];
        return new DestinationResult(
            $"Archive: {_archivePath}",
            _archivePath,
            [
                $"docker load -i {Quote(_archivePath)}",
                $"podman load -i {Quote(_archivePath)}",
                $"skopeo copy oci-archive:{Quote(_archivePath)}:{tag} docker://REGISTRY/{firstName}",
            ]);
    }

    internal static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? $"\"{path}\"" : path;
}
