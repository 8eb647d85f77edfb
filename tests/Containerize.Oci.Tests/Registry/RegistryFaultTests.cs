using Containerize.Oci.Building;
using Containerize.Oci.Destinations;
using Containerize.Oci.Digests;
using Containerize.Oci.Errors;
using Containerize.Oci.Layers;
using Containerize.Oci.Model;
using Containerize.Oci.Registry;
using Containerize.Oci.Sources;
using Containerize.Oci.Storage;
using Containerize.TestSupport;
using Containerize.TestSupport.Registry;
using Xunit.Abstractions;

namespace Containerize.Oci.Tests.Registry;

/// <summary>
/// Faults injected by a proxy between the client and a real registry: every push either succeeds with every blob
/// verified in the registry (read directly, past the proxy), or fails with its documented code and no tag.
/// </summary>
public sealed class RegistryFaultTests(DistributionRegistryFixture registry, ITestOutputHelper output) : IClassFixture<DistributionRegistryFixture>
{
    private readonly TestOutputLog _log = new(output);

    [Fact]
    public async Task MonolithicPushSurvivesErrorsThrottlingDroppedConnectionsAndStalls()
    {
        await using FaultInjectingProxy proxy = await FaultInjectingProxy.StartAsync(registry.Server.Address);
        proxy.StallDuration = TimeSpan.FromSeconds(5);
        proxy.Plan(new FaultRule(FaultKind.ServiceUnavailable, "GET", "/v2/", 2));
        proxy.Plan(new FaultRule(FaultKind.InternalServerError, "HEAD", "/blobs/", 2));
        proxy.Plan(new FaultRule(FaultKind.ServiceUnavailable, "POST", "/blobs/uploads/", 2));
        proxy.Plan(new FaultRule(FaultKind.DropConnectionMidBody, "PUT", "/blobs/uploads/", 2));
        proxy.Plan(new FaultRule(FaultKind.InternalServerError, "PUT", "/blobs/uploads/", 1));
        proxy.Plan(new FaultRule(FaultKind.TooManyRequests, "PUT", "/manifests/", 1));
        proxy.Plan(new FaultRule(FaultKind.ServiceUnavailable, "PUT", "/manifests/", 1));
        proxy.Plan(new FaultRule(FaultKind.Stall, "HEAD", "/blobs/", 1));
        proxy.Plan(new FaultRule(FaultKind.Slow, "PUT", "/blobs/uploads/", 2));

        BuiltImage image = await BuildImageAsync(3, 400_000);
        RegistryOptions options = RegistryTestContext.Options() with { InactivityTimeout = TimeSpan.FromSeconds(2) };
        using (var destination = new RegistryDestination(proxy.Address, "faults/monolithic", options, _log))
        {
            RegistryPushResult result = await destination.PushAsync(image, ["ok"], CancellationToken.None);
            Assert.Equal(image.Manifest.Digest, result.Digest);
        }

        Report(proxy);
        Assert.Equal(0, proxy.PlannedRemaining);
        await AssertCompleteInRegistryAsync(image, "faults/monolithic:ok");
    }

    [Fact]
    public async Task ChunkedPushSurvivesADroppedChunkAndServerErrors()
    {
        await using FaultInjectingProxy proxy = await FaultInjectingProxy.StartAsync(registry.Server.Address);
        proxy.Plan(new FaultRule(FaultKind.DropConnectionMidBody, "PATCH", "/blobs/uploads/", 1));
        proxy.Plan(new FaultRule(FaultKind.InternalServerError, "PATCH", "/blobs/uploads/", 1));
        proxy.Plan(new FaultRule(FaultKind.ServiceUnavailable, "PUT", "/blobs/uploads/", 1));

        BuiltImage image = await BuildImageAsync(1, 11 * 1024 * 1024);
        RegistryOptions options = RegistryTestContext.Options() with { ForceChunkedUpload = true };
        using (var destination = new RegistryDestination(proxy.Address, "faults/chunked", options, _log))
        {
            await destination.PushAsync(image, ["ok"], CancellationToken.None);
        }

        Report(proxy);
        Assert.Equal(0, proxy.PlannedRemaining);
        await AssertCompleteInRegistryAsync(image, "faults/chunked:ok");
    }

    [Fact]
    public async Task BaseLayerDownloadSurvivesADroppedConnectionAndArrivesVerified()
    {
        BuiltImage image = await BuildImageAsync(1, 500_000);
        using (var direct = new RegistryDestination(registry.Server.Address, "faults/base", RegistryTestContext.Options(), _log))
        {
            await direct.PushAsync(image, ["1"], CancellationToken.None);
        }

        await using FaultInjectingProxy proxy = await FaultInjectingProxy.StartAsync(registry.Server.Address);
        proxy.Plan(new FaultRule(FaultKind.DropConnectionMidBody, "GET", image.AppLayers[0].Descriptor.Digest.ToString(), 1));
        proxy.Plan(new FaultRule(FaultKind.ServiceUnavailable, "GET", "/manifests/", 1));
        proxy.Plan(new FaultRule(FaultKind.Slow, "GET", "/blobs/", 2));
        var cache = new LocalBlobStore(RepositoryPaths.CreateWorkDirectory("cache"));
        using var source = new RegistryImageSource($"{proxy.Address}/faults/base:1", RegistryTestContext.Options(), cache, _log);
        SourceImage resolved = await source.ResolveAsync(image.Platform, CancellationToken.None);
        await using (Stream layer = await resolved.Blobs.OpenBlobAsync(resolved.Layers[0], CancellationToken.None))
        {
            Assert.Equal(resolved.Layers[0].Digest, await Digest.ComputeSha256Async(layer));
        }

        Report(proxy);
        Assert.Equal(0, proxy.PlannedRemaining);
    }

    [Fact]
    public async Task PushThatKeepsFailingEndsWithItsCodeAndWritesNoTag()
    {
        await using FaultInjectingProxy proxy = await FaultInjectingProxy.StartAsync(registry.Server.Address);
        proxy.Plan(new FaultRule(FaultKind.ServiceUnavailable, "PUT", "broken-blobs/blobs/uploads/", 1000));
        BuiltImage image = await BuildImageAsync(2, 50_000);
        using (var destination = new RegistryDestination(proxy.Address, "faults/broken-blobs", RegistryTestContext.Options(), _log))
        {
            var error = await Assert.ThrowsAsync<ContainerizeException>(() => destination.PushAsync(image, ["never"], CancellationToken.None));
            output.WriteLine(error.ToString());
            Assert.Equal(ErrorCodes.RegistryBlobUploadFailed, error.Code);
            Assert.Contains("faults/broken-blobs", error.Message);
        }

        Assert.Empty(await RegistryTools.ListTagsAsync($"{registry.Server.Address}/faults/broken-blobs"));

        proxy.Plan(new FaultRule(FaultKind.InternalServerError, "PUT", "broken-manifest/manifests/", 1000));
        using (var destination = new RegistryDestination(proxy.Address, "faults/broken-manifest", RegistryTestContext.Options(), _log))
        {
            var error = await Assert.ThrowsAsync<ContainerizeException>(() => destination.PushAsync(image, ["never"], CancellationToken.None));
            output.WriteLine(error.ToString());
            Assert.Equal(ErrorCodes.RegistryRetriesExhausted, error.Code);
        }

        Assert.Empty(await RegistryTools.ListTagsAsync($"{registry.Server.Address}/faults/broken-manifest"));
        Report(proxy);
    }

    private void Report(FaultInjectingProxy proxy)
    {
        foreach ((FaultKind kind, int count) in proxy.Injected.OrderBy(pair => pair.Key))
        {
            output.WriteLine($"faults injected and survived: {kind} x{count}");
        }
    }

    private async Task<BuiltImage> BuildImageAsync(int layers, int size)
    {
        var builder = new TestImageBuilder(RepositoryPaths.CreateWorkDirectory("faults"));
        var built = new List<BuiltLayer>();
        for (int i = 0; i < layers; i++)
        {
            built.Add(await builder.AddLayerAsync($"layer{i}", size, Random.Shared.Next()));
        }

        return builder.Build(built);
    }

    /// <summary>Reads the image straight from the registry (not through the proxy) and re-hashes every blob.</summary>
    private async Task AssertCompleteInRegistryAsync(BuiltImage image, string repositoryAndTag)
    {
        string layout = await RegistryTools.CopyToOciLayoutAsync($"{registry.Server.Address}/{repositoryAndTag}");
        IReadOnlyList<string> blobs = RegistryTools.VerifyLayoutBlobs(layout);
        Assert.Equal(image.Manifest.Digest.ToString(), RegistryTools.ReadLayoutManifestDigest(layout));
        foreach (Descriptor blob in image.AllLayers.Select(l => l.Descriptor).Append(image.Config))
        {
            Assert.Contains(blob.Digest.ToString(), blobs);
        }
    }
}
