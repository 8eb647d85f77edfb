using System.Text.Json;
using Containerize.Oci.Errors;
using Containerize.Oci.Layers;
using Containerize.Oci.Model;
using Containerize.Oci.Sources;

namespace Containerize.Oci.Building;

/// <summary>Puts a resolved base and our built layers together: user, config, manifest, and one way to read every blob.</summary>
public static class ImageAssembler
{
    /// <summary>The OCI annotation key for the build time, which the SDK also writes as a label.</summary>
    public const string CreatedLabel = "org.opencontainers.image.created";

    /// <summary>The older artifact key the SDK writes beside <see cref="CreatedLabel"/>.</summary>
    public const string ArtifactCreatedLabel = "org.opencontainers.artifact.created";

    public static async Task<BuiltImage> AssembleAsync(
        SourceImage baseImage,
        Platform platform,
        ImageSettings settings,
        MediaTypeFamily family,
        IReadOnlyList<BuiltLayer> layers,
        DateTimeOffset timestamp,
        CancellationToken cancellationToken)
    {
        ImageConfig baseConfig = ParseBaseConfig(baseImage);
        if (baseConfig.RootFileSystem.DiffIds.Count != baseImage.Layers.Count)
        {
            throw new ContainerizeException(
                ErrorCodes.InvalidBaseImageContent,
                $"The base image '{baseImage.Name}' lists {baseImage.Layers.Count} layers in its manifest but {baseConfig.RootFileSystem.DiffIds.Count} diff_ids in its config.",
                "The base image is damaged or not a Linux image: use another base image.");
        }

        // The merged environment: an APP_UID set through ContainerEnvironmentVariable names the user, as in the SDK.
        IReadOnlyList<string> environment = ImageConfigBuilder.MergeEnvironment(baseConfig.Config?.Env, settings.EnvironmentVariables);
        string user = await UserResolver.ResolveAsync(settings.User, environment, baseImage, cancellationToken).ConfigureAwait(false);
        var baseInfo = new BaseImageInfo(baseImage.Name, baseImage.Manifest?.Digest);
        ImageSettings labelled = settings with { Labels = [.. GeneratedLabelValues(settings.GeneratedLabels, baseInfo, timestamp), .. settings.StandardLabels, .. settings.Labels] };
        ImageConfig config = ImageConfigBuilder.Build(baseConfig, platform, labelled, user, layers, timestamp);
        byte[] configBytes = OciJson.Serialize(config);
        ImageManifest manifest = ManifestBuilder.Build(family, configBytes, baseImage.Layers, layers, baseInfo);
        byte[] manifestBytes = OciJson.Serialize(manifest);
        var manifestDescriptor = new Descriptor
        {
            MediaType = family.Manifest,
            Digest = Digests.Digest.ComputeSha256(manifestBytes),
            Size = manifestBytes.LongLength,
            Platform = new Platform { Os = config.Os, Architecture = config.Architecture, Variant = config.Variant, OsVersion = config.OsVersion },
        };

        int baseCount = baseImage.Layers.Count;
        ILayer[] baseLayers = manifest.Layers.Take(baseCount)
            .Select((descriptor, index) => (ILayer)new BaseLayer(descriptor, baseConfig.RootFileSystem.DiffIds[index], baseImage.Blobs))
            .ToArray();
        BuiltLayer[] appLayers = layers.Select((layer, index) => layer with { Descriptor = manifest.Layers[baseCount + index] }).ToArray();
        return new BuiltImage
        {
            Manifest = manifestDescriptor,
            ManifestBytes = manifestBytes,
            Config = manifest.Config,
            ConfigBytes = configBytes,
            BaseLayers = baseLayers,
            AppLayers = appLayers,
            Platform = manifestDescriptor.Platform,
            Base = baseInfo,
            Blobs = new BuiltImageBlobSource(baseLayers.Concat(appLayers), [(manifest.Config, configBytes), (manifestDescriptor, manifestBytes)]),
        };
    }

    /// <summary>
    /// The base recorded as config labels too (as the SDK does), replacing the base's own: Docker-format manifests have
    /// no annotations, and <c>docker inspect</c> shows labels. The user's labels of the same name win.
    /// </summary>
    /// <summary>The generated labels only the build can know; `created` is the image's one timestamp, so it never breaks a reproducible digest.</summary>
    private static IEnumerable<KeyValuePair<string, string>> GeneratedLabelValues(GeneratedLabels which, BaseImageInfo baseInfo, DateTimeOffset timestamp)
    {
        if (which.HasFlag(GeneratedLabels.Created))
        {
            string created = timestamp.UtcDateTime.ToString("o", System.Globalization.CultureInfo.InvariantCulture);
            yield return new(CreatedLabel, created);
            yield return new(ArtifactCreatedLabel, created);
        }

        if (baseInfo.ManifestDigest is { } digest)
        {
            if (which.HasFlag(GeneratedLabels.BaseName))
            {
                yield return new(ManifestBuilder.BaseNameAnnotation, baseInfo.Name);
            }

            if (which.HasFlag(GeneratedLabels.BaseDigest))
            {
                yield return new(ManifestBuilder.BaseDigestAnnotation, digest.ToString());
            }
        }
    }


    private static ImageConfig ParseBaseConfig(SourceImage baseImage)
    {
        try
        {
            return OciJson.Deserialize<ImageConfig>(baseImage.ConfigBytes);
        }
        catch (JsonException exception)
        {
            throw new ContainerizeException(
                ErrorCodes.InvalidBaseImageContent,
                $"The config of the base image '{baseImage.Name}' is not a valid image config: {exception.Message}",
                "Use a base image built for Linux containers (check it with skopeo inspect --config).",
                exception);
        }
    }
}
