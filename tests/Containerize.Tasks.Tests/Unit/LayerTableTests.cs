using Containerize.Oci.Building;
using Containerize.Oci.Digests;
using Containerize.Oci.Layers;
using Containerize.Oci.Model;
using Containerize.Tasks.Logging;

namespace Containerize.Tasks.Tests.Unit;

public sealed class LayerTableTests
{
    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1536, "1.5 KiB")]
    [InlineData(80 * 1024 * 1024, "80.0 MiB")]
    public void Sizes_are_in_binary_units(long bytes, string expected) => Assert.Equal(expected, LayerTable.FormatSize(bytes));

    [Fact]
    public void The_table_has_a_row_per_layer_with_files_sizes_and_digest_then_the_image_digest()
    {
        Digest manifestDigest = Digest.ComputeSha256("manifest"u8);
        Digest layerDigest = Digest.ComputeSha256("layer"u8);
        Digest baseDigest = Digest.ComputeSha256("base"u8);
        var image = new BuiltImage
        {
            Manifest = new Descriptor { MediaType = MediaTypes.OciManifest, Digest = manifestDigest, Size = 10 },
            ManifestBytes = [],
            Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = Digest.ComputeSha256("config"u8), Size = 5 },
            ConfigBytes = [],
            BaseLayers = [new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = baseDigest, Size = 2048 }],
            AppLayers =
            [
                new BuiltLayer
                {
                    Name = "packages",
                    Descriptor = new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = layerDigest, Size = 3 * 1024 * 1024 },
                    DiffId = Digest.ComputeSha256("diff"u8),
                    UncompressedSize = 7 * 1024 * 1024,
                    FileCount = 42,
                },
            ],
            Platform = new Platform { Os = "linux", Architecture = "amd64" },
            Base = new BaseImageInfo("oci:/base:latest", null),
            Blobs = new NoBlobs(),
        };

        string[] lines = LayerTable.Format(image, "api:1.0").Split(Environment.NewLine);

        Assert.Contains("api:1.0", lines[0], StringComparison.Ordinal);
        Assert.Contains("linux/amd64", lines[0], StringComparison.Ordinal);
        Assert.Contains("base 1", lines[2], StringComparison.Ordinal);
        Assert.Contains(baseDigest.ToString(), lines[2], StringComparison.Ordinal);
        Assert.Matches(@"packages\s+42\s+7\.0 MiB\s+3\.0 MiB\s+sha256:", lines[3]);
        Assert.Contains(layerDigest.ToString(), lines[3], StringComparison.Ordinal);
        Assert.Equal($"Image digest: {manifestDigest}", lines[^1]);
    }

    private sealed class NoBlobs : IBlobSource
    {
        public Task<Stream> OpenBlobAsync(Descriptor descriptor, CancellationToken cancellationToken) => throw new InvalidOperationException();
    }
}
