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

    public static async Task WriteAsync(ILayoutSink sink, BuiltImage image, ImageIndex index, bool includeDockerManifest, IReadOnlyList<ImageReference> names, CancellationToken cancellationToken)
    {
        await sink.WriteFileAsync("oci-layout", s_layoutFile, cancellationToken).ConfigureAwait(false);
        await sink.WriteFileAsync("index.json", OciJson.Serialize(index), cancellationToken).ConfigureAwait(false);
        if (includeDockerManifest)
        {
            await sink.WriteFileAsync("manifest.json", DockerManifest(image, names), cancellationToken).ConfigureAwait(false);
        }

        await sink.WriteDirectoryAsync("blobs", cancellationToken).ConfigureAwait(false);
        await sink.WriteDirectoryAsync("blobs/sha256", cancellationToken).ConfigureAwait(false);
        IEnumerable<Descriptor> blobs = image.AllLayers.Append(image.Config).Append(image.Manifest)
            .DistinctBy(descriptor => descriptor.Digest)
            .OrderBy(descriptor => descriptor.Digest.ToString(), StringComparer.Ordinal);
        foreach (Descriptor blob in blobs)
        {
            await sink.WriteBlobAsync(blob, token => Open(image, blob, token), cancellationToken).ConfigureAwait(false);
        }
    }

    // The manifest and config are written from the exact bytes the image carries; layers come from its blob source.
    private static Task<Stream> Open(BuiltImage image, Descriptor blob, CancellationToken cancellationToken) =>
        blob.Digest == image.Manifest.Digest ? Task.FromResult<Stream>(new MemoryStream(image.ManifestBytes, writable: false))
        : blob.Digest == image.Config.Digest ? Task.FromResult<Stream>(new MemoryStream(image.ConfigBytes, writable: false))
        : image.Blobs.OpenBlobAsync(blob, cancellationToken);

    /// <summary>Parses image names such as <c>team/api:1.0</c>; a name without a tag gets <c>latest</c>.</summary>
    public static IReadOnlyList<ImageReference> ParseNames(IReadOnlyList<string> imageNames) =>
        imageNames.Select(name =>
        {
            ImageReference reference = ImageReference.Parse(name);
            return reference.WithTag(reference.Tag ?? "latest");
        }).ToArray();

    /// <summary>One index entry per name (the tag as <c>org.opencontainers.image.ref.name</c>, the full name for containerd), or one bare entry.</summary>
    public static IReadOnlyList<Descriptor> IndexEntries(BuiltImage image, IReadOnlyList<ImageReference> names)
    {
        Descriptor manifest = image.Manifest with { Annotations = null };
        if (names.Count == 0)
        {
            return [manifest];
        }

        return names.Select(name => manifest with
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

    private static byte[] DockerManifest(BuiltImage image, IReadOnlyList<ImageReference> names)
    {
        var entry = new DockerArchiveEntry
        {
            Config = BlobPath(image.Config),
            RepoTags = names.Select(FamiliarName).ToArray(),
            Layers = image.AllLayers.Select(BlobPath).ToArray(),
        };
        return OciJson.Serialize(new[] { entry });
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
