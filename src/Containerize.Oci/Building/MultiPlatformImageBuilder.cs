using Containerize.Oci.Logging;
using Containerize.Oci.References;
using Containerize.Oci.Sources;

namespace Containerize.Oci.Building;

/// <summary>
/// Builds one image per runtime identifier and the index over them. The images are OCI unless ContainerImageFormat
/// says Docker (the SDK forces OCI too: a Docker base's family would otherwise decide), each with its own runtime layer; layers whose files are the same on every platform (packages, project
/// references, a framework-dependent app) have the same key, so the layer cache builds them once and the index's
/// images share their digests. Each platform's image is run-checked like a single image.
/// </summary>
public sealed class MultiPlatformImageBuilder
{
    private readonly LayeredImageBuilder _builder;

    public MultiPlatformImageBuilder(IBuildLog log, Func<ImageReference, IImageSource>? registrySourceFactory)
    {
        _builder = new LayeredImageBuilder(log, registrySourceFactory);
    }

    /// <param name="platforms">One request per runtime identifier, in the order the index lists them.</param>
    public async Task<BuiltImageIndex> BuildAsync(IReadOnlyList<ImageBuildRequest> platforms, CancellationToken cancellationToken)
    {
        var images = new List<BuiltImage>(platforms.Count);
        foreach (ImageBuildRequest platform in platforms)
        {
            // One after the other: each build already uses every core for its layers, and the second finds the
            // shared layers in the cache instead of racing the first to write them.
            ImageFormat format = platform.Format == ImageFormat.FollowBase ? ImageFormat.Oci : platform.Format;
            images.Add(await _builder.BuildAsync(platform with { Format = format }, cancellationToken).ConfigureAwait(false));
        }

        return ImageIndexBuilder.Build(images);
    }
}
