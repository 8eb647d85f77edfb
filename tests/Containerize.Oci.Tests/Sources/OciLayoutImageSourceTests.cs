using Containerize.Oci.Errors;
using Containerize.Oci.Model;
using Containerize.Oci.Sources;

namespace Containerize.Oci.Tests.Sources;

public sealed class OciLayoutImageSourceTests
{
    [Fact]
    public async Task ResolvesATaggedImage()
    {
        var layout = new TestLayoutBuilder(TestLayoutBuilder.CreateTemporaryDirectory("layout-tagged"));
        IReadOnlyList<TestLayer> layers = TestLayoutBuilder.PasswdLayers();
        Descriptor other = layout.AddImage([TestLayer.Create(("x", "1"))], TestLayoutBuilder.Amd64);
        Descriptor wanted = layout.AddImage(layers, TestLayoutBuilder.Amd64);
        layout.WriteIndex((other, "old"), (wanted, "10.0"));

        SourceImage image = await new OciLayoutImageSource("oci:x:10.0", layout.Directory, "10.0").ResolveAsync(TestLayoutBuilder.Amd64, default);

        Assert.Equal(wanted.Digest, image.Manifest!.Digest);
        Assert.Equal(MediaTypes.OciManifest, image.ManifestMediaType);
        Assert.Equal(layers.Select(layer => layer.Digest), image.Layers.Select(layer => layer.Digest));
        Assert.Equal("oci:x:10.0", image.Name);
        await using Stream blob = await image.Blobs.OpenBlobAsync(image.Layers[0], default);
        Assert.Equal(layers[0].Compressed.Length, blob.Length);
    }

    [Fact]
    public async Task WithoutATagTakesTheOnlyImage()
    {
        var layout = new TestLayoutBuilder(TestLayoutBuilder.CreateTemporaryDirectory("layout-single"));
        Descriptor only = layout.AddImage(TestLayoutBuilder.PasswdLayers(), TestLayoutBuilder.Amd64, docker: true);
        layout.WriteIndex((only with { Platform = null }, null));

        SourceImage image = await new OciLayoutImageSource("oci:x", layout.Directory, null).ResolveAsync(TestLayoutBuilder.Amd64, default);

        Assert.Equal(only.Digest, image.Manifest!.Digest);
        Assert.Equal(MediaTypes.DockerManifest, image.ManifestMediaType);
    }

    [Fact]
    public async Task ANestedIndexIsResolvedToThePlatform()
    {
        var layout = new TestLayoutBuilder(TestLayoutBuilder.CreateTemporaryDirectory("layout-index"));
        Descriptor amd64 = layout.AddImage([TestLayer.Create(("a", "amd64"))], TestLayoutBuilder.Amd64);
        Descriptor arm64 = layout.AddImage([TestLayer.Create(("a", "arm64"))], TestLayoutBuilder.Arm64);
        layout.WriteIndex((layout.AddIndex(amd64, arm64), "multi"));

        SourceImage image = await new OciLayoutImageSource("oci:x:multi", layout.Directory, "multi").ResolveAsync(TestLayoutBuilder.Arm64, default);

        Assert.Equal(arm64.Digest, image.Manifest!.Digest);
        var exception = await Assert.ThrowsAsync<ContainerizeException>(() =>
            new OciLayoutImageSource("oci:x:multi", layout.Directory, "multi").ResolveAsync(new Platform { Os = "linux", Architecture = "s390x" }, default));
        Assert.Equal(ErrorCodes.BaseImagePlatformNotFound, exception.Code);
        Assert.Contains("linux/amd64, linux/arm64/v8", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASinglePlatformImageOfAnotherArchitectureIsRefused()
    {
        var layout = new TestLayoutBuilder(TestLayoutBuilder.CreateTemporaryDirectory("layout-arch"));
        layout.WriteIndex((layout.AddImage([TestLayer.Create(("a", "b"))], TestLayoutBuilder.Arm64), "t"));

        var exception = await Assert.ThrowsAsync<ContainerizeException>(() =>
            new OciLayoutImageSource("oci:x:t", layout.Directory, "t").ResolveAsync(TestLayoutBuilder.Amd64, default));

        Assert.Equal(ErrorCodes.BaseImagePlatformNotFound, exception.Code);
        Assert.Contains("has no linux/amd64 image; it has linux/arm64/v8", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingFolderIsBaseImageNotFound()
    {
        string missing = Path.Combine(TestLayoutBuilder.CreateTemporaryDirectory("layout-missing"), "nothing-here");

        var exception = await Assert.ThrowsAsync<ContainerizeException>(() =>
            new OciLayoutImageSource("oci:" + missing, missing, null).ResolveAsync(TestLayoutBuilder.Amd64, default));

        Assert.Equal(ErrorCodes.BaseImageNotFound, exception.Code);
        Assert.Contains(missing, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAbsentTagListsTheTagsThere()
    {
        var layout = new TestLayoutBuilder(TestLayoutBuilder.CreateTemporaryDirectory("layout-tags"));
        Descriptor image = layout.AddImage([TestLayer.Create(("a", "b"))], TestLayoutBuilder.Amd64);
        layout.WriteIndex((image, "8.0"), (image, "9.0"));

        var exception = await Assert.ThrowsAsync<ContainerizeException>(() =>
            new OciLayoutImageSource("oci:x:10.0", layout.Directory, "10.0").ResolveAsync(TestLayoutBuilder.Amd64, default));

        Assert.Equal(ErrorCodes.BaseImageTagNotFound, exception.Code);
        Assert.Contains("'10.0'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("8.0, 9.0", exception.Message, StringComparison.Ordinal);

        var untagged = await Assert.ThrowsAsync<ContainerizeException>(() =>
            new OciLayoutImageSource("oci:x", layout.Directory, null).ResolveAsync(TestLayoutBuilder.Amd64, default));
        Assert.Equal(ErrorCodes.BaseImageTagNotFound, untagged.Code);
    }

    [Fact]
    public async Task AManifestThatDoesNotMatchItsDigestIsRefused()
    {
        var layout = new TestLayoutBuilder(TestLayoutBuilder.CreateTemporaryDirectory("layout-corrupt"));
        Descriptor image = layout.AddImage([TestLayer.Create(("a", "b"))], TestLayoutBuilder.Amd64);
        layout.WriteIndex((image, "t"));
        string manifestPath = Path.Combine(layout.Directory, "blobs", "sha256", image.Digest.Encoded);
        File.WriteAllText(manifestPath, File.ReadAllText(manifestPath).Replace("\"size\":", "\"size\": ", StringComparison.Ordinal));

        var exception = await Assert.ThrowsAsync<ContainerizeException>(() =>
            new OciLayoutImageSource("oci:x:t", layout.Directory, "t").ResolveAsync(TestLayoutBuilder.Amd64, default));

        Assert.Equal(ErrorCodes.BlobCorrupt, exception.Code);
        Assert.Contains(image.Digest.ToString(), exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScratchHasNoLayersAndTheWantedPlatform()
    {
        SourceImage image = await new ScratchImageSource().ResolveAsync(TestLayoutBuilder.Arm64, default);

        Assert.Null(image.Manifest);
        Assert.Empty(image.Layers);
        ImageConfig config = OciJson.Deserialize<ImageConfig>(image.ConfigBytes);
        Assert.Equal(("arm64", "linux", "v8"), (config.Architecture, config.Os, config.Variant));
        Assert.Empty(config.RootFileSystem.DiffIds);
    }
}
