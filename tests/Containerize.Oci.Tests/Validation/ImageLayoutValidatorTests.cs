using Containerize.Oci.Model;
using Containerize.Oci.Tests.Sources;
using Containerize.Oci.Validation;

namespace Containerize.Oci.Tests.Validation;

public sealed class ImageLayoutValidatorTests
{
    private static (TestLayoutBuilder Layout, Descriptor Image) MakeLayout(string name, bool docker = false)
    {
        var layout = new TestLayoutBuilder(TestLayoutBuilder.CreateTemporaryDirectory(name));
        Descriptor image = layout.AddImage(TestLayoutBuilder.PasswdLayers(), TestLayoutBuilder.Amd64, docker);
        layout.WriteIndex((layout.AddIndex(image), "t"));
        return (layout, image);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AConsistentLayoutHasNoProblems(bool docker)
    {
        (TestLayoutBuilder layout, _) = MakeLayout("validator-good", docker);

        Assert.Empty(await ImageLayoutValidator.ValidateAsync(layout.Directory));
    }

    [Fact]
    public async Task ACorruptLayerIsFound()
    {
        (TestLayoutBuilder layout, _) = MakeLayout("validator-corrupt");
        TestLayer layer = TestLayoutBuilder.PasswdLayers()[1];
        string path = Path.Combine(layout.Directory, "blobs", "sha256", layer.Digest.Encoded);
        byte[] bytes = await File.ReadAllBytesAsync(path);
        bytes[^5] ^= 0xff;
        await File.WriteAllBytesAsync(path, bytes);

        IReadOnlyList<string> problems = await ImageLayoutValidator.ValidateAsync(layout.Directory);

        Assert.Contains(problems, problem => problem.Contains(layer.Digest.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task AWrongDiffIdAndAMissingBlobAreFound()
    {
        var layout = new TestLayoutBuilder(TestLayoutBuilder.CreateTemporaryDirectory("validator-diffid"));
        TestLayer real = TestLayer.Create(("a", "1"));
        TestLayer claimed = TestLayer.Create(("a", "2"));
        Descriptor image = layout.AddImage([real with { DiffId = claimed.DiffId }], TestLayoutBuilder.Amd64);
        Descriptor missing = image with { Digest = Digests.Digest.ComputeSha256("missing"u8) };
        layout.WriteIndex((image, "t"), (missing, "gone"));

        IReadOnlyList<string> problems = await ImageLayoutValidator.ValidateAsync(layout.Directory);

        Assert.Contains(problems, problem => problem.Contains($"but the config's diff_id is {claimed.DiffId}", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.Contains($"blob {missing.Digest} is missing", StringComparison.Ordinal));
        Assert.Equal(2, problems.Count);
    }

    [Fact]
    public async Task MixedMediaTypesAreFound()
    {
        var layout = new TestLayoutBuilder(TestLayoutBuilder.CreateTemporaryDirectory("validator-mixed"));
        TestLayer layer = TestLayer.Create(("a", "1"));
        Descriptor oci = layout.AddImage([layer], TestLayoutBuilder.Amd64);
        ImageManifest manifest = OciJson.Deserialize<ImageManifest>(await File.ReadAllBytesAsync(Path.Combine(layout.Directory, "blobs", "sha256", oci.Digest.Encoded)));
        ImageManifest mixed = manifest with { Layers = [manifest.Layers[0] with { MediaType = MediaTypes.DockerLayerGzip }] };
        layout.WriteIndex((layout.AddBlob(OciJson.Serialize(mixed), MediaTypes.OciManifest), "t"));

        IReadOnlyList<string> problems = await ImageLayoutValidator.ValidateAsync(layout.Directory);

        Assert.Single(problems);
        Assert.Contains("another family", problems[0], StringComparison.Ordinal);
    }
}
