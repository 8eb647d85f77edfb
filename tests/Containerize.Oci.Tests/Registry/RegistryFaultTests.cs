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

    [Fact]
    public async Task A_registry_that_never_answers_is_given_up_at_the_time_limit_with_the_attempts_and_time_spent()
    {
        await using FaultInjectingProxy proxy = await FaultInjectingProxy.StartAsync(registry.Server.Address);
        proxy.Plan(new FaultRule(FaultKind.NeverAnswer, "HEAD", "silent/blobs/", 1000));
        BuiltImage image = await BuildImageAsync(1, 10_000);
        RegistryOptions options = RegistryTestContext.Options() with { InactivityTimeout = TimeSpan.FromSeconds(1), OperationTimeout = TimeSpan.FromSeconds(3) };

        using var destination = new RegistryDestination(proxy.Address, "faults/silent", options, _log);
        var error = await Assert.ThrowsAsync<ContainerizeException>(() => destination.PushAsync(image, ["never"], CancellationToken.None));

        output.WriteLine(error.ToString());
        Assert.Equal(ErrorCodes.RegistryRetriesExhausted, error.Code);
        System.Text.RegularExpressions.Match spent = System.Text.RegularExpressions.Regex.Match(error.Message, @"(\d+) attempts? in (\d+) s \(limit 3 s\)");
        Assert.True(spent.Success, error.Message);
        // Five attempts of a one-second wait cannot fit in three seconds: the time limit ended it, not the attempt count.
        Assert.InRange(int.Parse(spent.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 1, 4);
        Assert.Contains("No answer", error.Message, StringComparison.Ordinal);
        Assert.Contains("ContainerizeRegistryTimeout", error.Hint, StringComparison.Ordinal);
        Assert.Empty(await RegistryTools.ListTagsAsync($"{registry.Server.Address}/faults/silent"));
    }

    [Fact]
    public async Task A_server_that_accepts_and_closes_is_retried_and_when_it_keeps_doing_so_the_message_says_so()
    {
        await using FaultInjectingProxy proxy = await FaultInjectingProxy.StartAsync(registry.Server.Address);
        proxy.Plan(new FaultRule(FaultKind.CloseWithoutAnswer, "HEAD", "closing-once/blobs/", 2));
        BuiltImage image = await BuildImageAsync(1, 10_000);
        using (var destination = new RegistryDestination(proxy.Address, "faults/closing-once", RegistryTestContext.Options(), _log))
        {
            await destination.PushAsync(image, ["1"], CancellationToken.None);
        }

        await AssertCompleteInRegistryAsync(image, "faults/closing-once:1");

        proxy.Plan(new FaultRule(FaultKind.CloseWithoutAnswer, "HEAD", "closing-always/blobs/", 1000));
        using (var destination = new RegistryDestination(proxy.Address, "faults/closing-always", RegistryTestContext.Options(), _log))
        {
            var error = await Assert.ThrowsAsync<ContainerizeException>(() => destination.PushAsync(image, ["never"], CancellationToken.None));
            output.WriteLine(error.ToString());
            Assert.Equal(ErrorCodes.RegistryRetriesExhausted, error.Code);
            Assert.Contains("5 attempts", error.Message, StringComparison.Ordinal);
            Assert.Contains("before the registry answered", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("An error occurred while sending the request", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DIGEST_INVALID_is_a_refusal_sent_once_per_blob_and_never_retried()
    {
        await using FaultInjectingProxy proxy = await FaultInjectingProxy.StartAsync(registry.Server.Address);
        proxy.Plan(new FaultRule(FaultKind.DigestInvalid, "PUT", "refused/blobs/uploads/", 1000));
        BuiltImage image = await BuildImageAsync(1, 200_000);

        using var destination = new RegistryDestination(proxy.Address, "faults/refused", RegistryTestContext.Options(), _log);
        var error = await Assert.ThrowsAsync<ContainerizeException>(() => destination.PushAsync(image, ["never"], CancellationToken.None));

        output.WriteLine(error.ToString());
        Assert.Equal(ErrorCodes.RegistryRejectedBlobContent, error.Code);
        Assert.Contains("DIGEST_INVALID", error.Message, StringComparison.Ordinal);
        string[] puts = proxy.RequestLines.Where(line => line.StartsWith("PUT ", StringComparison.Ordinal) && line.Contains("/blobs/uploads/", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(puts);
        Assert.All(puts.GroupBy(line => line[(line.IndexOf("digest=", StringComparison.Ordinal) + 7)..]), attempts => Assert.Single(attempts));
        Assert.Empty(await RegistryTools.ListTagsAsync($"{registry.Server.Address}/faults/refused"));
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
