using System.Formats.Tar;
using System.Text.Json;
using Containerize.Oci.Building;
using Containerize.Oci.Destinations;
using Containerize.Oci.Inspection;
using Containerize.Oci.Layers;
using Containerize.Oci.Model;
using Containerize.Oci.Planning;
using Containerize.Oci.Registry;
using Containerize.Oci.Tests.Inspection;
using Containerize.Oci.Tests.Registry;
using Containerize.Oci.Tests.Sources;
using Containerize.TestSupport;
using Containerize.TestSupport.Registry;
using Xunit.Abstractions;

namespace Containerize.Oci.Tests.Building;

/// <summary>
/// linux-x64 plus linux-arm64 from one multi-platform base: an OCI index of two OCI images with their platforms, the
/// identical layers shared, each image with its own apphost; pushed to the real registry and read back by skopeo.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class MultiPlatformImageBuilderTests(DistributionRegistryFixture registry, ITestOutputHelper output) : IClassFixture<DistributionRegistryFixture>
{
    [Fact]
    public async Task Two_RIDs_give_an_index_of_two_OCI_images_that_share_identical_layers_and_skopeo_reads_it_back()
    {
        string root = TestLayoutBuilder.CreateTemporaryDirectory("multi-platform");
        var layout = new TestLayoutBuilder(Path.Combine(root, "base"));
        Descriptor amd64 = layout.AddImage(TestLayoutBuilder.PasswdLayers(), TestLayoutBuilder.Amd64, docker: true);
        Descriptor arm64 = layout.AddImage(TestLayoutBuilder.PasswdLayers(), TestLayoutBuilder.Arm64, docker: true);
        layout.WriteIndex((layout.AddIndex(amd64, arm64), "10.0"));
        string x64App = Path.Combine(Directory.CreateDirectory(Path.Combine(root, "x64")).FullName, "App");
        File.Copy(TestBinaries.Dynamic, x64App);
        string arm64App = TestBinaries.AArch64(Directory.CreateDirectory(Path.Combine(root, "arm64")).FullName);
        string package = Path.Combine(root, "Humanizer.dll");
        await File.WriteAllTextAsync(package, "the same package on every platform");

        BuiltImageIndex index = await new MultiPlatformImageBuilder(new TestOutputLog(output), registrySourceFactory: null).BuildAsync(
            [Request(root, layout.Directory, "linux-x64", x64App, package), Request(root, layout.Directory, "linux-arm64", arm64App, package)], default);

        Assert.Equal(MediaTypes.OciIndex, index.Index.MediaType);
        Assert.Equal(["linux/amd64", "linux/arm64/v8"], index.Images.Select(image => image.Platform.ToString()));
        Assert.All(index.Images, image => Assert.Equal(MediaTypes.OciManifest, image.Manifest.MediaType));
        Assert.Equal(Layer(index.Images[0], "packages").Descriptor.Digest, Layer(index.Images[1], "packages").Descriptor.Digest);
        Assert.NotEqual(Layer(index.Images[0], "app").Descriptor.Digest, Layer(index.Images[1], "app").Descriptor.Digest);
        Assert.Equal("arm64", ElfMachines.Architecture(await ReadEntryExecutableAsync(Layer(index.Images[1], "app"), root)));

        using var destination = new RegistryDestination(registry.Server.Address, "tests/multi", RegistryTestContext.Options(), new TestOutputLog(output));
        RegistryPushResult pushed = await destination.PushIndexAsync(index.Images, index.Index, index.IndexBytes, ["1.0"], default);
        ProcessResult raw = (await ProcessRunner.RunAsync("skopeo", ["inspect", "--raw", "--tls-verify=false", $"docker://{registry.Server.Address}/tests/multi:1.0"])).EnsureSuccess();

        Assert.Equal(index.Index.Digest, pushed.Digest);
        using JsonDocument document = JsonDocument.Parse(raw.StandardOutput);
        Assert.Equal(MediaTypes.OciIndex, document.RootElement.GetProperty("mediaType").GetString());
        Assert.Equal(
            ["amd64", "arm64"],
            document.RootElement.GetProperty("manifests").EnumerateArray().Select(entry => entry.GetProperty("platform").GetProperty("architecture").GetString()));
    }

    private static BuiltLayer Layer(BuiltImage image, string name) => image.AppLayers.Single(layer => layer.Name == name);

    /// <summary>The app layer's /app/App bytes, read back out of the layer tar.</summary>
    private static async Task<ElfFile> ReadEntryExecutableAsync(BuiltLayer layer, string root)
    {
        await using Stream tar = await layer.OpenUncompressedAsync(default);
        var reader = new TarReader(tar);
        while (await reader.GetNextEntryAsync(copyData: true) is { } entry)
        {
            if (entry.Name == "app/App")
            {
                string extracted = Path.Combine(root, $"extracted-{Guid.NewGuid():N}");
                await entry.ExtractToFileAsync(extracted, overwrite: false);
                return ElfFile.TryRead(extracted)!;
            }
        }

        throw new Xunit.Sdk.XunitException("The app layer has no /app/App.");
    }

    private static ImageBuildRequest Request(string root, string baseLayout, string rid, string app, string package) => new()
    {
        BaseImage = $"oci:{baseLayout}:10.0",
        RuntimeIdentifier = rid,
        Layers = new LayerPlanRequest
        {
            PublishedFiles =
            [
                new PublishedFile { SourcePath = app, RelativePath = "App" },
                new PublishedFile { SourcePath = package, RelativePath = "Humanizer.dll", NuGetPackageId = "Humanizer", NuGetPackageVersion = "2.14.1" },
            ],
        },
        Settings = new ImageSettings { Repository = "tests/multi", Entrypoint = ["/app/App"] },
        WorkDirectory = Path.Combine(root, "work-" + rid),
        CacheDirectory = Path.Combine(root, "cache"),

        // The test base has no loader; the run check has its own tests.
        RunCheck = false,
    };
}
