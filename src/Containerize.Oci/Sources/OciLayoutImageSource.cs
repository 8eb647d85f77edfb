using System.Text.Json;
using Containerize.Oci.Errors;
using Containerize.Oci.Model;

namespace Containerize.Oci.Sources;

/// <summary>
/// A base image in an OCI image layout folder (<c>oci:DIR[:TAG]</c>): the tag is matched against the index entries'
/// <c>org.opencontainers.image.ref.name</c>; an index is resolved to the wanted platform; manifest and config are
/// checked against their digests. Docker and OCI media types are both read.
/// </summary>
public sealed class OciLayoutImageSource : IImageSource
{
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    private const int MaximumIndexDepth = 4;

    private readonly string _name;
    private readonly string _layoutDirectory;
    private readonly string? _tag;
    private readonly ILayoutFiles? _files;

    /// <param name="name">The base as the user wrote it, for messages and annotations.</param>
    public OciLayoutImageSource(string name, string layoutDirectory, string? tag)
    {
        _name = name;
        _layoutDirectory = Path.GetFullPath(layoutDirectory);
        _tag = tag;
    }

    /// <summary>A layout whose files are somewhere else than a folder (the entries of an archive).</summary>
    internal OciLayoutImageSource(string name, ILayoutFiles files, string? tag)
    {
        _name = name;
        _layoutDirectory = files.Location;
        _tag = tag;
        _files = files;
    }

    public async Task<SourceImage> ResolveAsync(Platform platform, CancellationToken cancellationToken)
    {
        ILayoutFiles files = _files ?? FindFolder();
        if (!files.Exists("index.json"))
        {
            throw new ContainerizeException(
                ErrorCodes.BaseImageNotFound,
                $"The base image '{_layoutDirectory}' is not an OCI image layout: it has no index.json.",
                "Create it with, for example, skopeo copy docker://IMAGE oci:FOLDER:TAG (or oci-archive:FILE:TAG), or fix the path in ContainerBaseImage.");
        }

        var blobs = new LayoutBlobSource(files);
        byte[] indexBytes;
        await using (Stream indexFile = files.Open("index.json"))
        {
            using var buffer = new MemoryStream();
            await indexFile.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            indexBytes = buffer.ToArray();
        }

        ImageIndex index = Parse<ImageIndex>(indexBytes, files.Describe("index.json"));
        Descriptor entry = SelectEntry(index, platform);
        for (int depth = 0; MediaTypes.IsIndex(entry.MediaType); depth++)
        {
            ImageIndex nested = Parse<ImageIndex>(await blobs.ReadVerifiedAsync(entry, cancellationToken).ConfigureAwait(false), entry.Digest.ToString());
            if (depth == MaximumIndexDepth)
            {
                throw InvalidContent($"indexes nest more than {MaximumIndexDepth} deep at {entry.Digest}");
            }

            entry = PlatformSelector.Select(nested.Manifests, platform) ?? throw PlatformNotFound(platform, PlatformSelector.Describe(nested.Manifests));
        }

        if (!MediaTypes.IsManifest(entry.MediaType))
        {
            throw InvalidContent($"the entry {entry.Digest} has media type '{entry.MediaType}', not an image manifest or index");
        }

        byte[] manifestBytes = await blobs.ReadVerifiedAsync(entry, cancellationToken).ConfigureAwait(false);
        ImageManifest manifest = Parse<ImageManifest>(manifestBytes, entry.Digest.ToString());
        byte[] configBytes = await blobs.ReadVerifiedAsync(manifest.Config, cancellationToken).ConfigureAwait(false);
        ImageConfig config = Parse<ImageConfig>(configBytes, manifest.Config.Digest.ToString());
        var configPlatform = new Platform { Os = config.Os, Architecture = config.Architecture, Variant = config.Variant };
        if (PlatformSelector.Select([entry with { Platform = configPlatform }], platform) is null)
        {
            throw PlatformNotFound(platform, configPlatform.ToString());
        }

        return new SourceImage
        {
            Name = _name,
            Manifest = new Descriptor { MediaType = manifest.MediaType ?? entry.MediaType, Digest = entry.Digest, Size = entry.Size },
            ManifestMediaType = manifest.MediaType ?? entry.MediaType,
            ConfigBytes = configBytes,
            Layers = manifest.Layers,
            Blobs = blobs,
        };
    }

    private FolderLayoutFiles FindFolder()
    {
        if (!Directory.Exists(_layoutDirectory))
        {
            throw new ContainerizeException(
                ErrorCodes.BaseImageNotFound,
                $"The base image folder '{_layoutDirectory}' does not exist.",
                "Create it with, for example, skopeo copy docker://IMAGE oci:FOLDER:TAG, or fix the path in ContainerBaseImage.");
        }

        return new FolderLayoutFiles(_layoutDirectory);
    }

    private Descriptor SelectEntry(ImageIndex listed, Platform platform)
    {
        // Artifacts that refer to an image (an SBOM, with an artifactType) are not images to pick.
        ImageIndex index = listed with { Manifests = listed.Manifests.Where(entry => entry.ArtifactType is null).ToList() };
        if (_tag is not null)
        {
            List<Descriptor> tagged = index.Manifests.Where(entry => RefName(entry) == _tag).ToList();
            if (tagged.Count == 0)
            {
                throw TagNotFound($"has no image tagged '{_tag}'", index);
            }

            return tagged.Count == 1 ? tagged[0] : PlatformSelector.Select(tagged, platform) ?? throw PlatformNotFound(platform, PlatformSelector.Describe(tagged));
        }

        if (index.Manifests.Count == 1)
        {
            return index.Manifests[0];
        }

        // Several untagged entries can still be the platforms of one image (a layout holding a multi-arch image flat).
        if (index.Manifests.Count > 1 && index.Manifests.All(entry => entry.Platform is not null && RefName(entry) is null))
        {
            return PlatformSelector.Select(index.Manifests, platform) ?? throw PlatformNotFound(platform, PlatformSelector.Describe(index.Manifests));
        }

        throw TagNotFound(index.Manifests.Count == 0 ? "holds no images" : $"holds {index.Manifests.Count} images and no tag was given", index);
    }

    private static string? RefName(Descriptor entry) =>
        entry.Annotations is { } annotations && annotations.TryGetValue(RefNameAnnotation, out string? name) ? name : null;

    private ContainerizeException TagNotFound(string problem, ImageIndex index)
    {
        string[] tags = index.Manifests.Select(RefName).OfType<string>().Distinct().ToArray();
        return new ContainerizeException(
            ErrorCodes.BaseImageTagNotFound,
            $"The base image layout '{_layoutDirectory}' {problem}; its tags are: {(tags.Length == 0 ? "(none)" : string.Join(", ", tags))}.",
            "Name one of its tags in ContainerBaseImage, for example oci:FOLDER:TAG.");
    }

    private ContainerizeException PlatformNotFound(Platform wanted, string available) =>
        new(ErrorCodes.BaseImagePlatformNotFound,
            $"The base image '{_name}' has no {wanted} image; it has {available}.",
            "Use a base image built for your RuntimeIdentifier's platform, or publish for a platform the base has.");

    private ContainerizeException InvalidContent(string problem) =>
        new(ErrorCodes.InvalidBaseImageContent,
            $"The base image '{_name}' is not a valid image: {problem}.",
            "Check the layout with skopeo inspect, or copy the base image again.");

    private T Parse<T>(byte[] json, string what)
    {
        try
        {
            return OciJson.Deserialize<T>(json);
        }
        catch (JsonException exception)
        {
            throw new ContainerizeException(
                ErrorCodes.InvalidBaseImageContent,
                $"The base image '{_name}' is not a valid image: {what} is not a valid {typeof(T).Name} ({exception.Message}).",
                "Check the layout with skopeo inspect, or copy the base image again.",
                exception);
        }
    }
}
