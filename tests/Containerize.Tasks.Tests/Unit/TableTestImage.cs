using Containerize.Oci.Building;
using Containerize.Oci.Digests;
using Containerize.Oci.Layers;
using Containerize.Oci.Model;
using Containerize.Oci.Registry;
using Containerize.Oci.Sources;

namespace Containerize.Tasks.Tests.Unit;

/// <summary>A built image with one base layer and a "packages" layer, enough for the log tables (no blob can be read).</summary>
internal static class TableTestImage
{
    public static Digest ManifestDigest { get; } = Digest.ComputeSha256("manifest"u8);

    public static Digest ConfigDigest { get; } = Digest.ComputeSha256("config"u8);

    public static Digest BaseDigest { get; } = Digest.ComputeSha256("base"u8);

    public static Digest LayerDigest { get; } = Digest.ComputeSha256("layer"u8);

    public static BuiltImage Create() => new()
    {
        Manifest = new Descriptor { MediaType = MediaTypes.OciManifest, Digest = ManifestDigest, Size = 10 },
        ManifestBytes = [],
        Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = ConfigDigest, Size = 5 },
        ConfigBytes = [],
        BaseLayers = [new BaseLayer(new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = BaseDigest, Size = 2048 }, Digest.ComputeSha256("base"u8), new NoBlobs())],
        AppLayers =
        [
            new BuiltLayer
            {
                Name = "packages",
                Descriptor = new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = LayerDigest, Size = 3 * 1024 * 1024 },
                DiffId = Digest.ComputeSha256("diff"u8),
                UncompressedSize = 7 * 1024 * 1024,
                FileCount = 42,
                Reuse = LayerReuse.Cached,
                Duration = TimeSpan.FromMilliseconds(12),
                Content = _ => throw new InvalidOperationException(),
            },
        ],
        Platform = new Platform { Os = "linux", Architecture = "amd64" },
        Base = new BaseImageInfo("oci:/base:latest", null),
        Blobs = new NoBlobs(),
    };

    /// <summary>A push of <paramref name="image"/>: base mounted, the packages layer uploaded, the config already there.</summary>
    public static RegistryPushResult Push(BuiltImage image) => new()
    {
        Registry = "registry.example:5000",
        Repository = "team/api",
        Digest = ManifestDigest,
        Tags = ["1.0", "latest"],
        Blobs =
        [
            new BlobPushOutcome(image.BaseLayers[0].Descriptor, BlobPushAction.Mounted, 0) { Duration = TimeSpan.FromMilliseconds(3) },
            new BlobPushOutcome(image.AppLayers[0].Descriptor, BlobPushAction.Uploaded, 3 * 1024 * 1024) { Duration = TimeSpan.FromMilliseconds(250) },
            new BlobPushOutcome(image.Config, BlobPushAction.Existed, 0) { Duration = TimeSpan.FromMilliseconds(1) },
        ],
    };

    private sealed class NoBlobs : IBlobSource
    {
        public Task<Stream> OpenBlobAsync(Descriptor descriptor, CancellationToken cancellationToken) => throw new InvalidOperationException();
    }
}
