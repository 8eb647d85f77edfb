using System.Formats.Tar;
using System.Text.Json;
using Containerize.Oci.Building;
using Containerize.Oci.Destinations;
using Containerize.Oci.Errors;
using Containerize.Oci.Model;
using Containerize.Oci.Sources;
using Containerize.Oci.Storage;
using Containerize.Oci.Tests.Sources;
using Containerize.Oci.Validation;
using Containerize.TestSupport;

namespace Containerize.Oci.Tests.Building;

public sealed class ImageIndexBuilderTests
{
    private static async Task<BuiltImage> ScratchImageAsync(LocalBlobStore store, Platform platform, MediaTypeFamily family)
    {
        SourceImage scratch = await new ScratchImageSource().ResolveAsync(platform, default);
        var layer = TestLayer.Create(("app", null), ("app/App", platform.ToString())).AddTo(store, "app", family.LayerGzip);
        return await ImageAssembler.AssembleAsync(scratch, platform, new ImageSettings { Repository = "team/api" }, family, [layer], ReproducibleDefaults.Timestamp, default);
    }

    [Fact]
    public async Task AMultiPlatformArchiveIsReadBySkopeoAndValid()
    {
        string root = TestLayoutBuilder.CreateTemporaryDirectory("index-archive");
        var store = new LocalBlobStore(Path.Combine(root, "blobs"));
        BuiltImage amd64 = await ScratchImageAsync(store, TestLayoutBuilder.Amd64, MediaTypeFamily.Oci);
        BuiltImage arm64 = await ScratchImageAsync(store, TestLayoutBuilder.Arm64, MediaTypeFamily.Oci);

        BuiltImageIndex index = ImageIndexBuilder.Build([amd64, arm64]);
        string archive = Path.Combine(root, "multi.tar");
        await OciArchiveWriter.WriteAsync(index, archive, ["team/api:1.0"], default);

        ImageIndex written = OciJson.Deserialize<ImageIndex>(index.IndexBytes);
        Assert.Equal(MediaTypes.OciIndex, written.MediaType);
        Assert.Equal(["linux/amd64", "linux/arm64/v8"], written.Manifests.Select(entry => entry.Platform!.ToString()));
        ProcessResult raw = (await ProcessRunner.RunAsync("skopeo", ["inspect", "--raw", $"oci-archive:{archive}:1.0"])).EnsureSuccess();
        Assert.Equal(index.IndexBytes, System.Text.Encoding.UTF8.GetBytes(raw.StandardOutput.TrimEnd('\n')));
        string copied = Path.Combine(root, "copied");
        (await ProcessRunner.RunAsync("skopeo", ["copy", "--all", $"oci-archive:{archive}:1.0", $"oci:{copied}:1.0"])).EnsureSuccess();
        Assert.Empty(await ImageLayoutValidator.ValidateAsync(copied));
        string unpacked = Path.Combine(root, "unpacked");
        Directory.CreateDirectory(unpacked);
        await TarFile.ExtractToDirectoryAsync(archive, unpacked, overwriteFiles: false);
        Assert.Empty(await ImageLayoutValidator.ValidateAsync(unpacked));
        using JsonDocument dockerManifest = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(unpacked, "manifest.json")));
        Assert.Equal(2, dockerManifest.RootElement.GetArrayLength());
        Assert.Equal(1, dockerManifest.RootElement[0].GetProperty("RepoTags").GetArrayLength());
        Assert.Equal(0, dockerManifest.RootElement[1].GetProperty("RepoTags").GetArrayLength());
    }

    [Fact]
    public async Task DockerImagesGetAManifestList()
    {
        var store = new LocalBlobStore(Path.Combine(TestLayoutBuilder.CreateTemporaryDirectory("index-docker"), "blobs"));

        BuiltImageIndex index = ImageIndexBuilder.Build([await ScratchImageAsync(store, TestLayoutBuilder.Amd64, MediaTypeFamily.Docker)]);

        Assert.Equal(MediaTypes.DockerManifestList, index.Index.MediaType);
        Assert.Equal(MediaTypes.DockerManifestList, OciJson.PeekMediaType(index.IndexBytes));
    }

    [Fact]
    public async Task MixedFormatsAndRepeatedPlatformsAreRefused()
    {
        var store = new LocalBlobStore(Path.Combine(TestLayoutBuilder.CreateTemporaryDirectory("index-errors"), "blobs"));
        BuiltImage oci = await ScratchImageAsync(store, TestLayoutBuilder.Amd64, MediaTypeFamily.Oci);
        BuiltImage docker = await ScratchImageAsync(store, TestLayoutBuilder.Arm64, MediaTypeFamily.Docker);

        Assert.Equal(ErrorCodes.InvalidImageFormat, Assert.Throws<ContainerizeException>(() => ImageIndexBuilder.Build([oci, docker])).Code);
        var repeated = Assert.Throws<ContainerizeException>(() => ImageIndexBuilder.Build([oci, oci]));
        Assert.Equal(ErrorCodes.UnsupportedRuntimeIdentifier, repeated.Code);
        Assert.Contains("linux/amd64", repeated.Message, StringComparison.Ordinal);
    }
}
