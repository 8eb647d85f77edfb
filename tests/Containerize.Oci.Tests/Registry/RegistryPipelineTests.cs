using System.Text;
using Containerize.Oci.Building;
using Containerize.Oci.Destinations;
using Containerize.Oci.Layers;
using Containerize.Oci.Planning;
using Containerize.Oci.Registry;
using Containerize.Oci.Sources;
using Containerize.Oci.Storage;
using Containerize.TestSupport;
using Containerize.TestSupport.Registry;
using Xunit.Abstractions;

namespace Containerize.Oci.Tests.Registry;

/// <summary>The whole library path: base from a registry, layered build, push to the same registry.</summary>
public sealed class RegistryPipelineTests(DistributionRegistryFixture registry, ITestOutputHelper output) : IClassFixture<DistributionRegistryFixture>
{
    [Fact]
    public async Task ImageBuiltOnARegistryBaseIsPushedWithoutDownloadingTheBase()
    {
        string address = registry.Server.Address;
        var log = new TestOutputLog(output);
        string root = RepositoryPaths.CreateWorkDirectory("pipeline");
        var builder = new TestImageBuilder(Path.Combine(root, "base"));
        BuiltLayer[] baseLayers = [await builder.AddLayerAsync("os", 120_000, 80), await builder.AddLayerAsync("runtime", 80_000, 81)];
        BuiltImage baseImage = builder.Build(baseLayers);
        using (var seed = new RegistryDestination(address, "pipeline/base", RegistryTestContext.Options(), log))
        {
            await seed.PushAsync(baseImage, ["10.0"], CancellationToken.None);
        }

        string publish = Directory.CreateDirectory(Path.Combine(root, "publish")).FullName;
        await File.WriteAllTextAsync(Path.Combine(publish, "greeting.txt"), "hello from the registry\n");
        var cache = new LocalBlobStore(Path.Combine(root, "cache"));
        var sources = new List<RegistryImageSource>();
        var imageBuilder = new LayeredImageBuilder(log, reference =>
        {
            var source = new RegistryImageSource(reference, RegistryTestContext.Options(), cache, log);
            sources.Add(source);
            return source;
        });
        BuiltImage image = await imageBuilder.BuildAsync(new ImageBuildRequest
        {
            BaseImage = $"{address}/pipeline/base:10.0",
            RuntimeIdentifier = "linux-x64",
            Layers = new LayerPlanRequest { PublishedFiles = [new PublishedFile { SourcePath = Path.Combine(publish, "greeting.txt"), RelativePath = "greeting.txt" }] },
            Settings = new ImageSettings { Repository = "pipeline/app", User = "1654", Entrypoint = ["/bin/cat"], Cmd = ["greeting.txt"] },
            WorkDirectory = Path.Combine(root, "work"),

            // The run check reads each base layer once (for its file list); this test is about a push that reads none.
            RunCheck = false,
        }, CancellationToken.None);

        using var destination = new RegistryDestination(address, "pipeline/app", RegistryTestContext.Options(), log);
        RegistryPushResult result = await destination.PushAsync(image, ["1.0.0", "latest"], CancellationToken.None);
        sources.ForEach(source => source.Dispose());

        Assert.Equal(image.Manifest.Digest, result.Digest);
        Assert.All(baseLayers, layer => Assert.Equal(BlobPushAction.Mounted, result.Blobs.Single(b => b.Blob.Digest == layer.Descriptor.Digest).Action));
        Assert.All(baseLayers, layer => Assert.False(cache.Contains(layer.Descriptor.Digest)));
        string manifest = Encoding.UTF8.GetString(image.ManifestBytes);
        Assert.Contains(baseImage.Manifest.Digest.ToString(), manifest);

        string layout = await RegistryTools.CopyToOciLayoutAsync($"{address}/pipeline/app:1.0.0");
        Assert.Equal(image.Manifest.Digest.ToString(), RegistryTools.ReadLayoutManifestDigest(layout));
        IReadOnlyList<string> blobs = RegistryTools.VerifyLayoutBlobs(layout);
        Assert.All(image.AllLayers.Select(l => l.Descriptor), layer => Assert.Contains(layer.Digest.ToString(), blobs));
    }
}
