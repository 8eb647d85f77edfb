using Containerize.Oci.Building;
using Containerize.Oci.Destinations;

namespace Containerize.Tasks.Destinations;

/// <summary>
/// An OCI image layout folder (ContainerOciLayoutPath), for skopeo's <c>oci:</c>, umoci and as a base for other builds.
/// The library adds the image to the folder: other images there stay, an entry with one of our tags is replaced, and
/// the index is written last, after every blob it names.
/// </summary>
internal sealed class OciLayoutDestination : IImageDestination
{
    private readonly string _layoutPath;

    public OciLayoutDestination(string layoutPath)
    {
        _layoutPath = Path.TrimEndingDirectorySeparator(layoutPath);
    }

    public async Task<DestinationResult> WriteAsync(BuiltImage image, IReadOnlyList<string> imageNames, CancellationToken cancellationToken)
    {
        await OciLayoutWriter.WriteAsync(image, _layoutPath, imageNames, cancellationToken).ConfigureAwait(false);
        return Result(imageNames);
    }

    public async Task<DestinationResult> WriteIndexAsync(BuiltImageIndex index, IReadOnlyList<string> imageNames, CancellationToken cancellationToken)
    {
        await OciLayoutWriter.WriteAsync(index, _layoutPath, imageNames, cancellationToken).ConfigureAwait(false);
        return Result(imageNames);
    }

    private DestinationResult Result(IReadOnlyList<string> imageNames)
    {
        string tag = imageNames[0][(imageNames[0].LastIndexOf(':') + 1)..];
        string layout = ArchiveDestination.Quote(_layoutPath);
        return new DestinationResult(
            $"OCI layout: {_layoutPath}",
            null,
            [$"skopeo inspect oci:{layout}:{tag}", $"umoci unpack --image {layout}:{tag} bundle"]);
    }
}
