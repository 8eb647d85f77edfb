using System.Diagnostics;
using System.Globalization;
using System.Text;
using Containerize.Oci.Building;
using Containerize.Oci.Destinations;
using Containerize.Oci.Errors;
using Containerize.Oci.Model;
using Containerize.Oci.References;
using Containerize.Oci.Registry;
using Containerize.Oci.Registry.Credentials;
using Containerize.Oci.Storage;
using Containerize.Tasks.Logging;
using Containerize.Tasks.Mapping;
using Containerize.Tasks.Parameters;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Containerize.Tasks;

/// <summary>
/// Builds a layered image from the publish output and writes it to its destinations. A thin adapter: parameters become
/// an <see cref="ImageBuildRequest"/>, the library builds, the result becomes outputs and a short table in the log.
/// </summary>
public sealed class BuildLayeredImage : ImageTaskParameters, ICancelableTask
{
    private readonly CancellationTokenSource _cancellation = new();

    public void Cancel() => _cancellation.Cancel();

    public override bool Execute()
    {
        try
        {
            ExecuteAsync(_cancellation.Token).GetAwaiter().GetResult();
        }
        catch (ContainerizeException exception)
        {
            Log.LogError(subcategory: null, exception.Code, helpKeyword: null, file: null, 0, 0, 0, 0, "{0} {1}", exception.Message, exception.Hint);
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            Log.LogMessage(MessageImportance.High, "Image build canceled; nothing was written.");
            return false;
        }
#pragma warning disable CA1031 // Any other failure is a bug of ours: report it with its stack so it can be filed.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.LogError(subcategory: null, ErrorCodes.Internal, helpKeyword: null, file: null, 0, 0, 0, 0,
                "Containerize.Tasks failed unexpectedly; please report this with the build log: {0}", exception.ToString());
        }

        return !Log.HasLoggedErrors;
    }

    private async System.Threading.Tasks.Task ExecuteAsync(CancellationToken cancellationToken)
    {
        WarnAboutRecordedCredentialVariables();
        ImageTaskSettings settings = ImageTaskSettingsReader.Read(this);
        string cacheDirectory = Path.GetFullPath(settings.CacheDirectory ?? Path.Combine(settings.WorkDirectory, "cache"));
        var log = new TaskBuildLog(Log);
        ImageBuildRequest request = ImageRequestFactory.Create(settings, cacheDirectory, log);
        RegistryOptions registryOptions = RegistryOptionsFactory.Create(settings);
        var sources = new RegistrySources(registryOptions, cacheDirectory, log);
        MultiDestination? destinations = null;
        try
        {
            // Which repositories of a registry hold which blobs lives beside the layers, so every project on this machine shares it.
            destinations = DestinationSelector.Select(settings, request.Settings.Repository, registryOptions, log, new BlobLocations(cacheDirectory), new UploadSessions(cacheDirectory));
            IReadOnlyList<ImageName> names = ImageName.ForTags(request.Settings.Repository, request.Settings.Tags);

            // ContainerRuntimeIdentifiers: the targets published each RID and pass its files; one image each, then the index.
            BuiltImageIndex? index = null;
            IReadOnlyList<BuiltImage> images;
            if (settings.PlatformItems.Count > 0)
            {
                index = await new MultiPlatformImageBuilder(log, sources.Create).BuildAsync(PlatformRequestFactory.Create(settings, request), cancellationToken).ConfigureAwait(false);
                images = index.Images;
            }
            else
            {
                images = [await new LayeredImageBuilder(log, sources.Create).BuildAsync(request, cancellationToken).ConfigureAwait(false)];
            }

            var clock = Stopwatch.StartNew();
            // The SBOM describes one image's files; a multi-platform index gets none yet (docs/sbom.md).
            ImageReferrer? sbom = index is null ? SbomMapper.Create(settings, request, images[0], log) : null;
            PublishableImage publishable = index is null
                ? PublishableImage.From(images[0]) with { Referrers = sbom is null ? [] : [sbom] }
                : PublishableImage.From(index);
            IReadOnlyList<DestinationResult> results = await destinations.SendAsync(publishable, names, cancellationToken).ConfigureAwait(false);
            SbomDigest = sbom?.Blobs[^1].Descriptor.Digest.ToString();
            Log.LogMessage(MessageImportance.Low, $"Image step phase: destinations {clock.Elapsed.TotalSeconds:0.000} s");

            RegistryPushResult? pushed = results.Select(result => result.Push).FirstOrDefault(push => push is not null);
            foreach (BuiltImage image in images)
            {
                Log.LogMessage(MessageImportance.High, LayerTable.Format(image, names[0].ToString(), pushed));
            }

            if (index is not null)
            {
                Log.LogMessage(MessageImportance.High, $"Image index {names[0]}: {index.Index.Digest} ({string.Join(", ", images.Select(image => image.Platform))})");
            }

            if (pushed is not null)
            {
                Log.LogMessage(MessageImportance.High, PushTable.Summary(pushed));
            }

            foreach (DestinationResult result in results)
            {
                Log.LogMessage(MessageImportance.High, result.Description);
                foreach (string step in result.NextSteps)
                {
                    Log.LogMessage(MessageImportance.High, $"  {step}");
                }
            }

            SetOutputs(request.BaseImage, images, index, names, results);
        }
        finally
        {
            // Base blobs may be read while destinations are written, so sources close only after every destination.
            destinations?.Dispose();
            sources.Dispose();
        }

        TrimCache(cacheDirectory, settings.CacheMaxSizeMB);
    }

    /// <summary>The task's outputs; for a multi-platform build the digest and media type are the index's (what the tags name), manifest, config and base the first platform's.</summary>
    private void SetOutputs(string baseImage, IReadOnlyList<BuiltImage> images, BuiltImageIndex? index, IReadOnlyList<ImageName> names, IReadOnlyList<DestinationResult> results)
    {
        BuiltImage image = images[0];
        if (results.FirstOrDefault(result => result.Push is not null) is { Push: { } push } pushResult)
        {
            ImageDigestReference = push.DigestReference;
            DigestFilePath = pushResult.DigestFilePath;
            PushedImages = CreatePushedImageItems(push);
        }

        ArchivePath = results.Select(result => result.ArchivePath).FirstOrDefault(path => path is not null);
        ImageDigest = (index?.Index ?? image.Manifest).Digest.ToString();
        ConfigDigest = image.Config.Digest.ToString();
        ManifestJson = Encoding.UTF8.GetString(image.ManifestBytes);
        IndexJson = index is null ? null : Encoding.UTF8.GetString(index.IndexBytes);
        ConfigurationJson = Encoding.UTF8.GetString(image.ConfigBytes);
        ManifestMediaType = (index?.Index ?? image.Manifest).MediaType;
        string? registry = results.Select(result => result.Push?.Registry).FirstOrDefault(name => name is not null);
        ImageNames = names.Select(name => (ITaskItem)new TaskItem(registry is null ? name.ToString() : name.On(registry).ToString())).ToArray();
        if (BaseImageReference.Parse(baseImage).Registry is { } baseReference)
        {
            (BaseRegistry, BaseName, BaseTag) = (baseReference.Registry, baseReference.Repository, baseReference.Tag);
        }

        BaseDigest = image.Base.ManifestDigest?.ToString();
        Layers = images.SelectMany(each => CreateLayerItems(each, index is null ? null : each.Platform.ToString())).ToArray();
    }

    /// <summary>
    /// MSBuild writes every <c>DOTNET_</c> environment variable, value included, into binary logs and <c>-v:diag</c>
    /// output when the build starts, before any task runs: nothing here can take them out, so the user is told.
    /// </summary>
    private void WarnAboutRecordedCredentialVariables()
    {
        IReadOnlyList<string> recorded = CredentialVariables.SetAndRecorded(Environment.GetEnvironmentVariable);
        if (recorded.Count > 0)
        {
            Log.LogWarning(subcategory: null, ErrorCodes.CredentialVariableRecorded, helpKeyword: null, file: null, 0, 0, 0, 0,
                "{0} {1} registry credentials, and MSBuild writes every DOTNET_ environment variable with its value into binary logs (-bl) and -v:diag output. Set {2} and {3} instead (MSBuild does not record them), or log in with docker login / podman login; treat logs already written with these variables as holding the password.",
                string.Join(", ", recorded), recorded.Count == 1 ? "holds" : "hold", CredentialVariables.UserName, CredentialVariables.Password);
        }
    }

    /// <summary>Keeps the shared cache under its bound once this build no longer needs its files.</summary>
    private void TrimCache(string cacheDirectory, long maxSizeMB)
    {
        if (maxSizeMB <= 0)
        {
            return;
        }

        CacheTrimResult trimmed = new LayerCache(cacheDirectory).Trim(maxSizeMB * 1024 * 1024);
        Log.LogMessage(MessageImportance.Low,
            $"Layer cache {cacheDirectory}: {trimmed.RemainingBytes / (1024 * 1024)} MiB of {maxSizeMB} MiB; {trimmed.RemovedFiles} files ({trimmed.RemovedBytes} bytes) evicted.");
    }

    private static ITaskItem[] CreatePushedImageItems(RegistryPushResult push) =>
        push.Tags.Select(tag =>
        {
            var item = new TaskItem($"{push.Registry}/{push.Repository}:{tag}");
            item.SetMetadata("Registry", push.Registry);
            item.SetMetadata("Repository", push.Repository);
            item.SetMetadata("Tag", tag);
            item.SetMetadata("Digest", push.Digest.ToString());
            item.SetMetadata("DigestReference", push.DigestReference);
            return (ITaskItem)item;
        }).ToArray();

    /// <summary>Every layer of <paramref name="image"/>, base first; in a multi-platform build each says its image's <paramref name="platform"/> (metadata <c>Platform</c>).</summary>
    private static ITaskItem[] CreateLayerItems(BuiltImage image, string? platform)
    {
        var items = new List<ITaskItem>();
        for (int index = 0; index < image.BaseLayers.Count; index++)
        {
            var layer = image.BaseLayers[index].Descriptor;
            var item = new TaskItem($"base-{index + 1}");
            item.SetMetadata("Source", "base");
            SetPlatform(item, platform);
            item.SetMetadata("Digest", layer.Digest.ToString());
            item.SetMetadata("Size", layer.Size.ToString(CultureInfo.InvariantCulture));
            item.SetMetadata("MediaType", layer.MediaType);
            items.Add(item);
        }

        foreach (var layer in image.AppLayers)
        {
            var item = new TaskItem(layer.Name);
            item.SetMetadata("Source", "app");
            SetPlatform(item, platform);
            item.SetMetadata("Digest", layer.Descriptor.Digest.ToString());
            item.SetMetadata("DiffId", layer.DiffId.ToString());
            item.SetMetadata("Size", layer.Descriptor.Size.ToString(CultureInfo.InvariantCulture));
            item.SetMetadata("UncompressedSize", layer.UncompressedSize.ToString(CultureInfo.InvariantCulture));
            item.SetMetadata("FileCount", layer.FileCount.ToString(CultureInfo.InvariantCulture));
            item.SetMetadata("MediaType", layer.Descriptor.MediaType);
            item.SetMetadata("Reuse", layer.Reuse.ToString().ToLowerInvariant());
            items.Add(item);
        }

        return items.ToArray();
    }

    private static void SetPlatform(TaskItem item, string? platform)
    {
        if (platform is not null)
        {
            item.SetMetadata("Platform", platform);
        }
    }
}
