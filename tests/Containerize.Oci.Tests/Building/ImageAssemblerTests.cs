using Containerize.Oci.Building;
using Containerize.Oci.Errors;
using Containerize.Oci.Layers;
using Containerize.Oci.Model;
using Containerize.Oci.Sources;
using Containerize.Oci.Storage;
using Containerize.Oci.Tests.Sources;

namespace Containerize.Oci.Tests.Building;

public sealed class ImageAssemblerTests
{
    private static readonly DateTimeOffset s_timestamp = new(2001, 2, 3, 4, 5, 6, TimeSpan.Zero);

    internal static async Task<(SourceImage Base, BuiltLayer Layer, LocalBlobStore Store)> PrepareAsync(bool dockerBase, string layerMediaType)
    {
        string root = TestLayoutBuilder.CreateTemporaryDirectory("assemble");
        var layout = new TestLayoutBuilder(Path.Combine(root, "base"));
        layout.WriteIndex((layout.AddImage(TestLayoutBuilder.PasswdLayers(), TestLayoutBuilder.Amd64, dockerBase), "t"));
        SourceImage baseImage = await new OciLayoutImageSource("oci:base:t", layout.Directory, "t").ResolveAsync(TestLayoutBuilder.Amd64, default);
        var store = new LocalBlobStore(Path.Combine(root, "blobs"));
        BuiltLayer layer = TestLayer.Create(("app", null), ("app/App.dll", "assembly")).AddTo(store, "app", layerMediaType);
        return (baseImage, layer, store);
    }

    [Fact]
    public async Task ADockerBaseGivesADockerImageThroughout()
    {
        (SourceImage baseImage, BuiltLayer layer, LocalBlobStore store) = await PrepareAsync(dockerBase: true, MediaTypes.DockerLayerGzip);
        MediaTypeFamily family = MediaTypeFamily.Choose(ImageFormat.FollowBase, baseImage.ManifestMediaType);

        BuiltImage image = await ImageAssembler.AssembleAsync(baseImage, TestLayoutBuilder.Amd64, new ImageSettings { Repository = "team/api", User = "app" }, family, [layer], s_timestamp, default);

        ImageManifest manifest = OciJson.Deserialize<ImageManifest>(image.ManifestBytes);
        Assert.Equal(MediaTypes.DockerManifest, manifest.MediaType);
        Assert.Equal(MediaTypes.DockerConfig, manifest.Config.MediaType);
        Assert.All(manifest.Layers, descriptor => Assert.Equal(MediaTypes.DockerLayerGzip, descriptor.MediaType));
        Assert.Null(manifest.Annotations);
        Assert.Equal(3, manifest.Layers.Count);
        Assert.Equal(Digests.Digest.ComputeSha256(image.ManifestBytes), image.Manifest.Digest);
        ImageConfig config = OciJson.Deserialize<ImageConfig>(image.ConfigBytes);
        Assert.Equal("1654:1654", config.Config!.User);
        Assert.Equal("2001-02-03T04:05:06Z", config.Created);
    }

    [Fact]
    public async Task TheBaseIsRecordedAsConfigLabelsTooAndTheUsersLabelsWin()
    {
        (SourceImage baseImage, BuiltLayer layer, LocalBlobStore store) = await PrepareAsync(dockerBase: true, MediaTypes.DockerLayerGzip);
        var settings = new ImageSettings
        {
            Repository = "team/api",
            Labels = [new("org.opencontainers.image.base.name", "mirror.example/base:t"), new("team", "api")],
        };

        BuiltImage image = await ImageAssembler.AssembleAsync(baseImage, TestLayoutBuilder.Amd64, settings, MediaTypeFamily.Docker, [layer], s_timestamp, default);

        IReadOnlyDictionary<string, string> labels = OciJson.Deserialize<ImageConfig>(image.ConfigBytes).Config!.Labels!;
        Assert.Equal(baseImage.Manifest!.Digest.ToString(), labels["org.opencontainers.image.base.digest"]);
        Assert.Equal("mirror.example/base:t", labels["org.opencontainers.image.base.name"]);
        Assert.Equal("api", labels["team"]);
    }

    [Fact]
    public async Task AnOciImageRecordsItsBaseAndConvertsDockerLayers()
    {
        (SourceImage baseImage, BuiltLayer layer, LocalBlobStore store) = await PrepareAsync(dockerBase: true, MediaTypes.OciLayerGzip);

        BuiltImage image = await ImageAssembler.AssembleAsync(baseImage, TestLayoutBuilder.Amd64, new ImageSettings { Repository = "team/api" }, MediaTypeFamily.Oci, [layer], s_timestamp, default);

        ImageManifest manifest = OciJson.Deserialize<ImageManifest>(image.ManifestBytes);
        Assert.Equal(MediaTypes.OciManifest, manifest.MediaType);
        Assert.All(manifest.Layers, descriptor => Assert.Equal(MediaTypes.OciLayerGzip, descriptor.MediaType));
        Assert.Equal("oci:base:t", manifest.Annotations!["org.opencontainers.image.base.name"]);
        Assert.Equal(baseImage.Manifest!.Digest.ToString(), manifest.Annotations["org.opencontainers.image.base.digest"]);
        Assert.Equal(manifest.Layers.Take(2), image.BaseLayers.Select(l => l.Descriptor));
        Assert.Equal(manifest.Layers[2], image.AppLayers[0].Descriptor);
        await using Stream ours = await image.Blobs.OpenBlobAsync(image.AppLayers[0].Descriptor, default);
        await using Stream theirs = await image.Blobs.OpenBlobAsync(image.BaseLayers[0].Descriptor, default);
        await using Stream config = await image.Blobs.OpenBlobAsync(image.Config, default);
        Assert.Equal(image.AppLayers[0].Descriptor.Size, ours.Length);
        Assert.Equal(image.BaseLayers[0].Descriptor.Size, theirs.Length);
        Assert.Equal(image.ConfigBytes.Length, config.Length);
    }

    [Fact]
    public async Task ScratchGivesOciWithoutBaseAnnotations()
    {
        string root = TestLayoutBuilder.CreateTemporaryDirectory("assemble-scratch");
        var store = new LocalBlobStore(Path.Combine(root, "blobs"));
        BuiltLayer layer = TestLayer.Create(("app", null), ("app/App", "binary")).AddTo(store, "app");
        SourceImage scratch = await new ScratchImageSource().ResolveAsync(TestLayoutBuilder.Amd64, default);
        MediaTypeFamily family = MediaTypeFamily.Choose(ImageFormat.FollowBase, scratch.ManifestMediaType);

        BuiltImage first = await ImageAssembler.AssembleAsync(scratch, TestLayoutBuilder.Amd64, new ImageSettings { Repository = "r" }, family, [layer], s_timestamp, default);
        BuiltImage second = await ImageAssembler.AssembleAsync(scratch, TestLayoutBuilder.Amd64, new ImageSettings { Repository = "r" }, family, [layer], s_timestamp, default);

        Assert.Same(MediaTypeFamily.Oci, family);
        Assert.Null(OciJson.Deserialize<ImageManifest>(first.ManifestBytes).Annotations);
        Assert.Equal(first.Manifest.Digest, second.Manifest.Digest);
        Assert.Equal("1654", OciJson.Deserialize<ImageConfig>(first.ConfigBytes).Config!.User);
    }

    [Fact]
    public void ZstdBaseLayersCannotBeDocker()
    {
        var exception = Assert.Throws<ContainerizeException>(() => MediaTypeFamily.Docker.ConvertLayer(MediaTypes.OciLayerZstd));

        Assert.Equal(ErrorCodes.InvalidImageFormat, exception.Code);
        Assert.Contains(MediaTypes.OciLayerZstd, exception.Message, StringComparison.Ordinal);
    }
}
