using Containerize.Oci.References;

namespace Containerize.Oci.Destinations;

/// <summary>One .tar (OCI layout plus Docker manifest.json) that docker, podman and skopeo load, written temp-then-rename by <see cref="OciArchiveWriter"/>.</summary>
public sealed class OciArchiveDestination : IImageDestination
{
    public OciArchiveDestination(string archivePath)
    {
        ArchivePath = Path.GetFullPath(archivePath);
    }

    public string ArchivePath { get; }

    public async Task<IReadOnlyList<DestinationResult>> SendAsync(PublishableImage image, IReadOnlyList<ImageName> names, CancellationToken cancellationToken)
    {
        await OciArchiveWriter.WriteAsync(image, ArchivePath, names, cancellationToken).ConfigureAwait(false);
        string archive = Quote(ArchivePath);

        // index.json names each manifest by its tag (org.opencontainers.image.ref.name), which is what skopeo matches.
        return
        [
            new DestinationResult(
                $"Archive: {ArchivePath}",
                [
                    $"docker load -i {archive}",
                    $"podman load -i {archive}",
                    $"skopeo copy oci-archive:{archive}:{names[0].Tag} docker://REGISTRY/{names[0]}",
                ])
            {
                ArchivePath = ArchivePath,
            },
        ];
    }

    /// <summary>A path as a shell reads it when pasted: quoted when it holds a space.</summary>
    internal static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? $"\"{path}\"" : path;
}
