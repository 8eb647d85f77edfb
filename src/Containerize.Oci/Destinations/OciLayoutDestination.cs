using Containerize.Oci.References;

namespace Containerize.Oci.Destinations;

/// <summary>
/// An OCI image layout folder, for skopeo's <c>oci:</c>, umoci and as a base for other builds. <see cref="OciLayoutWriter"/>
/// adds the image: other images there stay, an entry with one of our tags is replaced, the index is written last.
/// </summary>
public sealed class OciLayoutDestination : IImageDestination
{
    public OciLayoutDestination(string layoutPath)
    {
        LayoutPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(layoutPath));
    }

    public string LayoutPath { get; }

    public async Task<IReadOnlyList<DestinationResult>> SendAsync(PublishableImage image, IReadOnlyList<ImageName> names, CancellationToken cancellationToken)
    {
        await OciLayoutWriter.WriteAsync(image, LayoutPath, names, cancellationToken).ConfigureAwait(false);
        string layout = OciArchiveDestination.Quote(LayoutPath);
        string tag = names[0].Tag;
        return [new DestinationResult($"OCI layout: {LayoutPath}", [$"skopeo inspect oci:{layout}:{tag}", $"umoci unpack --image {layout}:{tag} bundle"])];
    }
}
