using Containerize.Oci.Layers;
using Containerize.Oci.Logging;
using Containerize.Oci.Model;
using Containerize.Oci.Planning;
using Containerize.Oci.References;
using Containerize.Oci.Sources;
using Containerize.Oci.Storage;

namespace Containerize.Oci.Building;

/// <summary>Builds one single-platform layered image: resolve the base, plan and write our layers, make config and manifest.</summary>
public sealed class LayeredImageBuilder
{
    private readonly IBuildLog _log;
    private readonly Func<ImageReference, IImageSource>? _registrySourceFactory;

    public LayeredImageBuilder(IBuildLog log)
        : this(log, registrySourceFactory: null)
    {
    }

    /// <param name="registrySourceFactory">Makes the source for a registry base; without it only scratch, oci: and oci-archive: bases work.</param>
    public LayeredImageBuilder(IBuildLog log, Func<ImageReference, IImageSource>? registrySourceFactory)
    {
        _log = log;
        _registrySourceFactory = registrySourceFactory;
    }

    public async Task<BuiltImage> BuildAsync(ImageBuildRequest request, CancellationToken cancellationToken)
    {
        var phases = new PhaseClock();
        ImageSettingsValidator.Validate(request.Settings);
        Platform platform = RuntimeIdentifierPlatforms.FromRuntimeIdentifier(request.RuntimeIdentifier);
        BaseImageReference baseReference = BaseImageReference.Parse(request.BaseImage);
        IImageSource source = BaseImageSources.Create(baseReference, request.WorkDirectory, _registrySourceFactory);
        SourceImage baseImage = await source.ResolveAsync(platform, cancellationToken).ConfigureAwait(false);
        _log.Info(baseImage.Manifest is { } baseManifest
            ? $"Base image {baseReference.Text} for {platform}: {baseManifest.Digest}"
            : $"Base image {baseReference.Text} for {platform}: no layers");
        phases.End("base resolve");

        MediaTypeFamily family = MediaTypeFamily.Choose(request.Format, baseImage.ManifestMediaType);
        LayerPlan plan = LayerPlanner.Plan(request.Layers);
        phases.End("plan");

        var cache = new LayerCache(request.CacheDirectory ?? Path.Combine(request.WorkDirectory, "cache"));
        var options = new LayerWriteOptions { Timestamp = request.Timestamp, MediaType = family.LayerGzip };
        IReadOnlyList<BuiltLayer> layers = await new CachingLayerBuilder(cache, options, _log).BuildAllAsync(plan.Layers, cancellationToken).ConfigureAwait(false);
        foreach (BuiltLayer layer in layers)
        {
            _log.Detail($"Layer {layer.Name}: {layer.Reuse.ToString().ToLowerInvariant()} in {layer.Duration.TotalMilliseconds:0} ms, {layer.FileCount} files, {layer.Descriptor.Size} bytes, {layer.Descriptor.Digest}");
        }

        phases.End("layers");

        BuiltImage image = await ImageAssembler.AssembleAsync(baseImage, platform, request.Settings, family, layers, request.Timestamp, cancellationToken).ConfigureAwait(false);
        phases.End("config and manifest");
        _log.Info($"Image {request.Settings.Repository} for {platform}: {image.Manifest.Digest} ({layers.Count} layers of ours on {image.BaseLayers.Count} base layers)");
        _log.Detail($"Image step phases: {phases}");
        return image;
    }
}
