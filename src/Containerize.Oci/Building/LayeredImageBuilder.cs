using System.Diagnostics;
using System.Runtime.ExceptionServices;
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
        LayerPlan plan = LayerPlanner.Plan(request.Layers);
        plan = plan with { Layers = WorkingDirectoryEntries.Apply(plan.Layers, request.Settings) };
        if (baseReference.Kind == BaseImageKind.Scratch)
        {
            plan = plan with { Layers = [ScratchFiles.Create(request.Settings.User, request.WorkDirectory), .. plan.Layers] };
        }

        phases.End("plan");

        // The base (network) and our layers (disk and CPU) do not depend on each other: the layers' bytes are the same
        // in either media-type family, and the manifest names them in the base's family later. A failure cancels the other.
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<(SourceImage Image, TimeSpan Elapsed)> baseImage = CancelOthersOnFailure(ResolveBaseAsync(baseReference, platform, failed.Token), failed);
        string cacheDirectory = request.CacheDirectory ?? Path.Combine(request.WorkDirectory, "cache");
        var cache = new LayerCache(cacheDirectory);
        RemoveLeftovers(cache, request.WorkDirectory);
        var options = new LayerWriteOptions { Timestamp = request.Timestamp, MediaType = MediaTypes.OciLayerGzip };
        Task<IReadOnlyList<BuiltLayer>> built = CancelOthersOnFailure(new CachingLayerBuilder(cache, options, _log).BuildAllAsync(plan.Layers, failed.Token), failed);
        await WhenBothAsync(baseImage, built, cancellationToken).ConfigureAwait(false);
        (SourceImage resolved, TimeSpan baseElapsed) = await baseImage.ConfigureAwait(false);
        IReadOnlyList<BuiltLayer> layers = await built.ConfigureAwait(false);
        phases.End($"base resolve {baseElapsed.TotalSeconds:0.000} s alongside layers");
        foreach (BuiltLayer layer in layers)
        {
            _log.Detail($"Layer {layer.Name}: {layer.Reuse.ToString().ToLowerInvariant()} in {layer.Duration.TotalMilliseconds:0} ms, {layer.FileCount} files, {layer.Descriptor.Size} bytes, {layer.Descriptor.Digest}");
        }

        MediaTypeFamily family = MediaTypeFamily.Choose(request.Format, resolved.ManifestMediaType);
        BuiltImage image = await ImageAssembler.AssembleAsync(resolved, platform, request.Settings, family, layers, request.Timestamp, cancellationToken).ConfigureAwait(false);
        phases.End("config and manifest");
        if (request.RunCheck)
        {
            await ImageRunChecker.CheckAsync(image, plan.Layers, request.RuntimeIdentifier, cacheDirectory, _log, cancellationToken).ConfigureAwait(false);
            phases.End("run check");
        }

        _log.Info($"Image {request.Settings.Repository} for {platform}: {image.Manifest.Digest} ({layers.Count} layers of ours on {image.BaseLayers.Count} base layers)");
        _log.Detail($"Image step phases: {phases}");
        return image;
    }

    private async Task<(SourceImage Image, TimeSpan Elapsed)> ResolveBaseAsync(BaseImageReference reference, Platform platform, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        IImageSource source = BaseImageSources.Create(reference, _registrySourceFactory);
        SourceImage baseImage = await source.ResolveAsync(platform, cancellationToken).ConfigureAwait(false);
        _log.Info(baseImage.Manifest is { } baseManifest
            ? $"Base image {reference.Text} for {platform}: {baseManifest.Digest}"
            : $"Base image {reference.Text} for {platform}: no layers");
        return (baseImage, clock.Elapsed);
    }

    /// <summary>
    /// What killed builds left: temporary files in the cache whose process is gone, and the unpacked base archives
    /// that versions before in-place archive reading kept in the work folder.
    /// </summary>
    private void RemoveLeftovers(LayerCache cache, string workDirectory)
    {
        try
        {
            (int files, long bytes) = cache.DeleteStaleTemporaryFiles();
            if (files > 0)
            {
                _log.Detail($"Removed {files} temporary files ({bytes} bytes) that killed builds left in {cache.RootDirectory}.");
            }

            string unpacked = Path.Combine(workDirectory, "base-archives");
            if (Directory.Exists(unpacked))
            {
                Directory.Delete(unpacked, recursive: true);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Only tidying: a folder that cannot be cleaned now is cleaned by a later build.
            _log.Detail($"Leftover temporary files could not all be removed: {exception.Message}");
        }
    }

    /// <summary>Waits for both; when one failed and so canceled the other, the failure is what is thrown, not the cancellation.</summary>
    private static async Task WhenBothAsync(Task first, Task second, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(first, second).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && (first.IsFaulted || second.IsFaulted))
        {
            ExceptionDispatchInfo.Throw((first.IsFaulted ? first : second).Exception!.InnerException!);
        }
    }

    private static async Task<T> CancelOthersOnFailure<T>(Task<T> work, CancellationTokenSource others)
    {
        try
        {
            return await work.ConfigureAwait(false);
        }
        catch
        {
            others.Cancel();
            throw;
        }
    }
}
