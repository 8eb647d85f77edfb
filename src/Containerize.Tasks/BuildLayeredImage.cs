using System.Diagnostics;
using System.Globalization;
using Containerize.Oci.Building;
using Containerize.Oci.Errors;
using Containerize.Oci.Registry;
using Containerize.Oci.Registry.Credentials;
using Containerize.Oci.Storage;
using Containerize.Tasks.Destinations;
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
        string cacheDirectory = Path.GetFullPath(string.IsNullOrWhiteSpace(CacheDirectory) ? Path.Combine(WorkDirectory, "cache") : CacheDirectory.Trim());
        ImageBuildRequest request = ImageRequestFactory.Create(this, cacheDirectory);
        var log = new TaskBuildLog(Log);
        RegistryOptions registryOptions = RegistryOptionsFactory.Create(this);
        var sources = new RegistrySources(registryOptions, cacheDirectory, log);
        IReadOnlyList<IImageDestination> destinations = [];
        try
        {
            // Which repositories of a registry hold which blobs lives beside the layers, so every project on this machine shares it.
            destinations = DestinationSelector.Select(this, registryOptions, log, new BlobLocations(cacheDirectory), new UploadSessions(cacheDirectory));
            BuiltImage image = await new LayeredImageBuilder(log, sources.Create).BuildAsync(request, cancellationToken).ConfigureAwait(false);
            string[] imageNames = request.Settings.Tags.Select(tag => $"{request.Settings.Repository}:{tag}").ToArray();

            var clock = Stopwatch.StartNew();
            RegistryPushResult? pushed = null;
            var descriptions = new List<string>();
            foreach (IImageDestination destination in destinations)
            {
                DestinationResult result = await destination.WriteAsync(image, imageNames, cancellationToken).ConfigureAwait(false);
                if (result.Push is { } push)
                {
                    pushed ??= push;
                    ImageDigestReference = push.DigestReference;
                    DigestFilePath = result.DigestFilePath;
                    PushedImages = CreatePushedImageItems(push);
                }

                descriptions.Add(result.Description);
                descriptions.AddRange(result.NextSteps.Select(step => $"  {step}"));
                ArchivePath ??= result.ArchivePath;
            }

            Log.LogMessage(MessageImportance.Low, $"Image step phase: destinations {clock.Elapsed.TotalSeconds:0.000} s");
            Log.LogMessage(MessageImportance.High, LayerTable.Format(image, imageNames[0], pushed));
            if (pushed is not null)
            {
                Log.LogMessage(MessageImportance.High, PushTable.Summary(pushed));
            }

            foreach (string line in descriptions)
            {
                Log.LogMessage(MessageImportance.High, line);
            }

            ImageDigest = image.Manifest.Digest.ToString();
            ConfigDigest = image.Config.Digest.ToString();
            Layers = CreateLayerItems(image);
        }
        finally
        {
            // Base blobs may be read while destinations are written, so sources close only after every destination.
            foreach (IDisposable disposable in destinations.OfType<IDisposable>())
            {
                disposable.Dispose();
            }

            sources.Dispose();
        }

        TrimCache(cacheDirectory);
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
    private void TrimCache(string cacheDirectory)
    {
        if (CacheMaxSizeMB <= 0)
        {
            return;
        }

        CacheTrimResult trimmed = new LayerCache(cacheDirectory).Trim(CacheMaxSizeMB * 1024 * 1024);
        Log.LogMessage(MessageImportance.Low,
            $"Layer cache {cacheDirectory}: {trimmed.RemainingBytes / (1024 * 1024)} MiB of {CacheMaxSizeMB} MiB; {trimmed.RemovedFiles} files ({trimmed.RemovedBytes} bytes) evicted.");
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

    private static ITaskItem[] CreateLayerItems(BuiltImage image)
    {
        var items = new List<ITaskItem>();
        for (int index = 0; index < image.BaseLayers.Count; index++)
        {
            var layer = image.BaseLayers[index].Descriptor;
            var item = new TaskItem($"base-{index + 1}");
            item.SetMetadata("Source", "base");
            item.SetMetadata("Digest", layer.Digest.ToString());
            item.SetMetadata("Size", layer.Size.ToString(CultureInfo.InvariantCulture));
            item.SetMetadata("MediaType", layer.MediaType);
            items.Add(item);
        }

        foreach (var layer in image.AppLayers)
        {
            var item = new TaskItem(layer.Name);
            item.SetMetadata("Source", "app");
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
}
