using System.Text;
using System.Text.Json.Serialization;
using Containerize.Oci.Building;
using Containerize.Oci.Model;
using Containerize.Oci.References;
using Containerize.Oci.Sources;

namespace Containerize.Oci.Destinations;

/// <summary>
/// The one routine that lays out an image as an OCI image layout, in a fixed order: <c>oci-layout</c>,
/// <c>index.json</c>, the Docker <c>manifest.json</c> (archives only), then every blob once, ordered by digest.
/// </summary>
internal static class OciLayoutContent
{
    public const string ContainerdNameAnnotation = "io.containerd.image.name";

    private static readonly byte[] s_layoutFile = Encoding.UTF8.GetBytes("{\"imageLayoutVersion\":\"1.0.0\"}");

    public static async Task WriteAsync(ILayoutSink sink, PublishableImage content, ImageIndex index, bool includeDockerManifest, IReadOnlyList<ImageReference> names, CancellationToken cancellationToken)
    {
        await sink.WriteFileAsync("oci-layout", s_layoutFile, cancellationToken).ConfigureAwait(false);
        await sink.WriteFileAsync("index.json", OciJson.Serialize(index), cancellationToken).ConfigureAwait(false);
        if (includeDockerManifest)
        {
            await sink.WriteFileAsync("manifest.json", DockerManifest(content.Images, names), cancellationToken).ConfigureAwait(false);
        }

        await sink.WriteDirectoryAsync("blobs", cancellationToken).ConfigureAwait(false);
        await sink.WriteDirectoryAsync("blobs/sha256", cancellationToken).ConfigureAwait(false);

        // The manifests, configs and index are written from the exact bytes built; layers come from each image's blobs.
        var blobs = new Dictionary<Digests.Digest, (Descriptor Descriptor, Func<CancellationToken, Task<Stream>> Open)>();
        if (content.IndexBytes is { } indexBytes)
        {
            blobs[content.Root.Digest] = (content.Root, _ => Task.FromResult<Stream>(new MemoryStream(indexBytes, writable: false)));
        }

        foreach (BuiltImage image in content.Images)
        {
            blobs.TryAdd(image.Manifest.Digest, (image.Manifest, _ => Task.FromResult<Stream>(new MemoryStream(image.ManifestBytes, writable: false))));
            blobs.TryAdd(image.Config.Digest, (image.Config, _ => Task.FromResult<Stream>(new MemoryStream(image.ConfigBytes, writable: false))));
            foreach (ILayer layer in image.AllLayers)
            {
                blobs.TryAdd(layer.Descriptor.Digest, (layer.Descriptor, layer.OpenCompressedAsync));
            }
        }

        foreach (ImageReferrer referrer in content.Referrers)
        {
            blobs.TryAdd(referrer.Manifest.Digest, (referrer.Manifest, _ => Task.FromResult<Stream>(new MemoryStream(referrer.ManifestBytes, writable: false))));
            foreach ((Descriptor blob, byte[] bytes) in referrer.Blobs)
            {
                blobs.TryAdd(blob.Digest, (blob, _ => Task.FromResult<Stream>(new MemoryStream(bytes, writable: false))));
            }
        }

        foreach ((Descriptor descriptor, Func<CancellationToken, Task<Stream>> open) in blobs.Values.OrderBy(blob => blob.Descriptor.Digest.ToString(), StringComparer.Ordinal))
        {
            await sink.WriteBlobAsync(descriptor, open, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Opens and closes every layer once, so whatever a layer needs before its bytes can be read (a download into the
    /// cache, the check of a cached copy, a rebuild) happens before a destination creates any file.
    /// </summary>
    public static async Task PrepareAsync(PublishableImage content, CancellationToken cancellationToken)
    {
        foreach (ILayer layer in content.Images.SelectMany(image => image.AllLayers).DistinctBy(layer => layer.Descriptor.Digest))
        {
            Stream opened = await layer.OpenCompressedAsync(cancellationToken).ConfigureAwait(false);
            await opened.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Parses image names such as <c>team/api:1.0</c>; a name without a tag gets <c>latest</c>.</summary>
    public static IReadOnlyList<ImageReference> ParseNames(IReadOnlyList<string> imageNames) =>
        imageNames.Select(name =>
        {
            ImageReference reference = ImageReference.Parse(name);
            return reference.WithTag(reference.Tag ?? ImageName.DefaultTag);
        }).ToArray();

    /// <summary>
    /// One index entry per name (the tag as <c>org.opencontainers.image.ref.name</c>, the full name for containerd), or
    /// one bare entry; with <paramref name="listReferrers"/>, then one untagged entry per referrer (with its
    /// <c>artifactType</c>), as OCI 1.1 layouts list them. An archive lists none: skopeo's <c>oci-archive:FILE</c> without
    /// a tag takes only an archive of one entry, and users copy archives that way; the referrer's blobs are there still.
    /// </summary>
    public static IReadOnlyList<Descriptor> IndexEntries(PublishableImage content, IReadOnlyList<ImageReference> names, bool listReferrers) =>
        listReferrers ? [.. ImageEntries(content, names), .. content.Referrers.Select(referrer => referrer.IndexEntry)] : ImageEntries(content, names);

    private static IReadOnlyList<Descriptor> ImageEntries(PublishableImage content, IReadOnlyList<ImageReference> names)
    {
        Descriptor root = content.Root;
        if (names.Count == 0)
        {
            return [root];
        }

        return names.Select(name => root with
        {
            Annotations = new Dictionary<string, string>
            {
                [ContainerdNameAnnotation] = name.ToString(),
                [OciLayoutImageSource.RefNameAnnotation] = name.Tag!,
            },
        }).ToArray();
    }

    /// <summary>The short name Docker shows: <c>team/api:1.0</c> for Docker Hub, <c>host:5000/team/api:1.0</c> otherwise.</summary>
    public static string FamiliarName(ImageReference name)
    {
        string repository = name.Registry == ImageReference.DockerHubRegistry && name.Repository.StartsWith("library/", StringComparison.Ordinal)
            ? name.Repository["library/".Length..]
            : name.Repository;
        return (name.Registry == ImageReference.DockerHubRegistry ? "" : name.Registry + "/") + repository + ":" + name.Tag;
    }

    /// <summary>
    /// Docker's <c>manifest.json</c>: one entry per image. Docker has no multi-platform archives, so only the first
    /// image carries the tags (a tag on every entry would make the last one loaded win).
    /// </summary>
    private static byte[] DockerManifest(IReadOnlyList<BuiltImage> images, IReadOnlyList<ImageReference> names)
    {
        DockerArchiveEntry[] entries = images.Select((image, position) => new DockerArchiveEntry
        {
            Config = BlobPath(image.Config),
            RepoTags = position == 0 ? names.Select(FamiliarName).ToArray() : [],
            Layers = image.AllLayers.Select(layer => BlobPath(layer.Descriptor)).ToArray(),
        }).ToArray();
        return OciJson.Serialize(entries);
    }

    public static string BlobPath(Descriptor descriptor) => $"blobs/{descriptor.Digest.Algorithm}/{descriptor.Digest.Encoded}";

    private sealed record DockerArchiveEntry
    {
        [JsonPropertyName("Config")]
        public required string Config { get; init; }

        [JsonPropertyName("RepoTags")]
        public required IReadOnlyList<string> RepoTags { get; init; }

        [JsonPropertyName("Layers")]
        public required IReadOnlyList<string> Layers { get; init; }
    }
}
