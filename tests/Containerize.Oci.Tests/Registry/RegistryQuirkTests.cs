using System.Text;
using Containerize.Oci.Building;
using Containerize.Oci.Destinations;
using Containerize.Oci.Layers;
using Containerize.Oci.Model;
using Containerize.Oci.Registry;
using Containerize.Oci.Sources;
using Containerize.Oci.Storage;
using Containerize.TestSupport;
using Containerize.TestSupport.Registry;
using Xunit.Abstractions;

namespace Containerize.Oci.Tests.Registry;

/// <summary>What real registries do and distribution does not, played by an in-process fake.</summary>
public sealed class RegistryQuirkTests(ITestOutputHelper output)
{
    private readonly TestOutputLog _log = new(output);

    [Fact]
    public async Task ChunkedUploadFollowsRelativeLocationsAndAcceptsCreatedOnPatch()
    {
        await using FakeRegistry fake = await FakeRegistry.StartAsync();
        fake.PatchAnswersCreated = true;
        BuiltImage image = await BuildImageAsync(6 * 1024 * 1024);
        using (var destination = new RegistryDestination(fake.Address, "quirks/ecr", RegistryTestContext.Options() with { ForceChunkedUpload = true }, _log))
        {
            await destination.PushAsync(image, ["1"], CancellationToken.None);
        }

        Assert.All(image.AllLayers.Select(l => l.Descriptor).Append(image.Config), blob => Assert.True(fake.HasBlob(blob.Digest.ToString())));
        // The 6 MiB layer took two chunks, each PATCH sent to the relative Location the previous answer gave.
        Assert.True(fake.Requests.Count(r => r.StartsWith("PATCH /upload/", StringComparison.Ordinal)) >= 3);
        Assert.Contains(fake.Requests, r => r.StartsWith("PATCH /upload/", StringComparison.Ordinal) && r.Contains("?written=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RegistryWithoutChunkedUploadsGetsMonolithicUploadsByDefault()
    {
        await using FakeRegistry fake = await FakeRegistry.StartAsync();
        fake.RejectChunkedUploads = true;
        BuiltImage image = await BuildImageAsync(7 * 1024 * 1024);
        using (var destination = new RegistryDestination(fake.Address, "quirks/gar", RegistryTestContext.Options(), _log))
        {
            await destination.PushAsync(image, ["1"], CancellationToken.None);
        }

        Assert.DoesNotContain(fake.Requests, r => r.StartsWith("PATCH", StringComparison.Ordinal));
        Assert.All(image.AllLayers.Select(l => l.Descriptor), blob => Assert.True(fake.HasBlob(blob.Digest.ToString())));
    }

    [Fact]
    public async Task MountAnsweredWith202UploadsIntoTheSessionItOpened()
    {
        await using FakeRegistry fake = await FakeRegistry.StartAsync();
        BuiltImage image = await BuildImageAsync(10_000);
        using var destination = new RegistryDestination(fake.Address, "quirks/app", RegistryTestContext.Options(), _log) { MountSourceRepository = "quirks/base" };
        RegistryPushResult result = await destination.PushAsync(image, ["1"], CancellationToken.None);

        Descriptor layer = image.AppLayers[0].Descriptor;
        Assert.Equal(BlobPushAction.Uploaded, result.Blobs.Single(b => b.Blob.Digest == layer.Digest).Action);
        Assert.True(fake.HasBlob(layer.Digest.ToString()));
        List<string> uploadRequests = fake.Requests.Where(r => r.Contains("/blobs/uploads/", StringComparison.Ordinal)).ToList();
        // One POST with mount (answered 202) for the layer, one plain POST for the config, nothing more.
        Assert.Single(uploadRequests, r => r.Contains($"mount={Uri.EscapeDataString(layer.Digest.ToString())}", StringComparison.Ordinal) && r.Contains("from=quirks%2Fbase", StringComparison.Ordinal));
        Assert.Equal(2, uploadRequests.Count);
    }

    [Fact]
    public async Task AtMostFourBlobsAreSentAtOnceAndEachDigestOnce()
    {
        await using FakeRegistry fake = await FakeRegistry.StartAsync();
        fake.UploadDelay = TimeSpan.FromMilliseconds(100);
        var builder = new TestImageBuilder(RepositoryPaths.CreateWorkDirectory("parallel"));
        var layers = new List<BuiltLayer>();
        for (int i = 0; i < 10; i++)
        {
            layers.Add(await builder.AddLayerAsync($"l{i}", 2_000, 100 + i));
        }

        layers.Add(layers[0]);
        BuiltImage image = builder.Build(layers);
        using var destination = new RegistryDestination(fake.Address, "quirks/parallel", RegistryTestContext.Options(), _log);
        RegistryPushResult result = await destination.PushAsync(image, ["1"], CancellationToken.None);

        Assert.InRange(fake.MaximumUploadsInFlight, 1, 4);
        Assert.Equal(11, result.Blobs.Count);
        string repeated = Uri.EscapeDataString(layers[0].Descriptor.Digest.ToString());
        Assert.Single(fake.Requests, r => r.StartsWith("PUT /upload/", StringComparison.Ordinal) && r.Contains(repeated, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ManifestAndIndexWithoutMediaTypeAreRecognisedByTheirShape()
    {
        await using FakeRegistry fake = await FakeRegistry.StartAsync();
        BuiltImage image = await BuildImageAsync(5_000);
        fake.SeedBlob(image.ConfigBytes);
        string manifestJson = $"{{\"schemaVersion\":2,\"config\":{Json(image.Config)},\"layers\":[{Json(image.AppLayers[0].Descriptor)}]}}";
        byte[] manifestBytes = Encoding.UTF8.GetBytes(manifestJson);
        string manifestDigest = FakeRegistry.DigestOf(manifestBytes);
        fake.SeedManifest("quirks/bare", "1", manifestBytes, "application/json");
        fake.SeedManifest("quirks/bare", manifestDigest, manifestBytes, "application/json");
        string indexJson = $"{{\"schemaVersion\":2,\"manifests\":[{{\"digest\":\"{manifestDigest}\",\"size\":{manifestBytes.Length},\"mediaType\":\"{MediaTypes.OciManifest}\",\"platform\":{{\"architecture\":\"amd64\",\"os\":\"linux\"}}}}]}}";
        fake.SeedManifest("quirks/bare", "index", Encoding.UTF8.GetBytes(indexJson), "application/json");

        var cache = new LocalBlobStore(RepositoryPaths.CreateWorkDirectory("cache"));
        foreach (string tag in new[] { "1", "index" })
        {
            using var source = new RegistryImageSource($"{fake.Address}/quirks/bare:{tag}", RegistryTestContext.Options(), cache, _log);
            SourceImage resolved = await source.ResolveAsync(image.Platform, CancellationToken.None);
            Assert.Equal(MediaTypes.OciManifest, resolved.ManifestMediaType);
            Assert.Equal(manifestDigest, resolved.Manifest!.Digest.ToString());
            Assert.Equal(image.ConfigBytes, resolved.ConfigBytes);
        }
    }

    private static string Json(Descriptor descriptor) => Encoding.UTF8.GetString(OciJson.Serialize(descriptor));

    private static async Task<BuiltImage> BuildImageAsync(int size)
    {
        var builder = new TestImageBuilder(RepositoryPaths.CreateWorkDirectory("quirks"));
        return builder.Build([await builder.AddLayerAsync("app", size, size)]);
    }
}
