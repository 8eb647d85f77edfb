using Containerize.Oci.Building;
using Containerize.Oci.Destinations;
using Containerize.Oci.Digests;
using Containerize.Oci.Errors;
using Containerize.Oci.Layers;
using Containerize.Oci.Model;
using Containerize.Oci.Registry;
using Containerize.Oci.Registry.Credentials;
using Containerize.Oci.Registry.Transport;
using Containerize.Oci.Sources;
using Containerize.Oci.Storage;
using Containerize.TestSupport;
using Containerize.TestSupport.Registry;
using Xunit.Abstractions;

namespace Containerize.Oci.Tests.Registry;

/// <summary>Pushes and pulls against a real distribution registry, checked with skopeo.</summary>
public sealed class RegistryPushTests(DistributionRegistryFixture registry, ITestOutputHelper output) : IClassFixture<DistributionRegistryFixture>
{
    private readonly TestOutputLog _log = new(output);

    private string Address => registry.Server.Address;

    [Fact]
    public async Task PushedImageIsReadBackBySkopeoWithEveryBlobIntact()
    {
        var builder = new TestImageBuilder(RepositoryPaths.CreateWorkDirectory("push"));
        BuiltImage image = builder.Build([await builder.AddLayerAsync("runtime", 300_000, 1), await builder.AddLayerAsync("app", 20_000, 2)]);

        using var destination = new RegistryDestination(Address, "tests/skopeo", RegistryTestContext.Options(), _log);
        RegistryPushResult result = await destination.PushAsync(image, ["1.0", "latest"], CancellationToken.None);

        Assert.Equal(image.Manifest.Digest, result.Digest);
        Assert.Equal($"{Address}/tests/skopeo@{image.Manifest.Digest}", result.DigestReference);
        Assert.All(result.Blobs, blob => Assert.Equal(BlobPushAction.Uploaded, blob.Action));
        Assert.Equal(3, result.Blobs.Count);
        Assert.Equal(image.AllLayers.Select(l => l.Descriptor).Sum(l => l.Size) + image.Config.Size, result.BytesSent);

        string layout = await RegistryTools.CopyToOciLayoutAsync($"{Address}/tests/skopeo:1.0");
        IReadOnlyList<string> blobs = RegistryTools.VerifyLayoutBlobs(layout);
        Assert.Equal(image.Manifest.Digest.ToString(), RegistryTools.ReadLayoutManifestDigest(layout));
        foreach (Descriptor layer in image.AllLayers.Select(l => l.Descriptor).Append(image.Config))
        {
            Assert.Contains(layer.Digest.ToString(), blobs);
        }

        Assert.Equal(["1.0", "latest"], (await RegistryTools.ListTagsAsync($"{Address}/tests/skopeo")).Order());

        // The layout seeds another repository (as base images made from Debian packages are seeded), byte for byte.
        await RegistryTools.SeedFromOciLayoutAsync(layout, "pulled", $"{Address}/tests/seeded:1");
        using var source = new RegistryImageSource($"{Address}/tests/seeded:1", RegistryTestContext.Options(),
            new LocalBlobStore(RepositoryPaths.CreateWorkDirectory("cache")), _log);
        Assert.Equal(image.Manifest.Digest, (await source.ResolveAsync(image.Platform, CancellationToken.None)).Manifest!.Digest);
    }

    [Fact]
    public async Task SecondPushOfTheSameImageUploadsNothing()
    {
        var builder = new TestImageBuilder(RepositoryPaths.CreateWorkDirectory("push-twice"));
        BuiltImage image = builder.Build([await builder.AddLayerAsync("app", 50_000, 3)]);
        using (var first = new RegistryDestination(Address, "tests/twice", RegistryTestContext.Options(), _log))
        {
            await first.PushAsync(image, ["v1"], CancellationToken.None);
        }

        long readBefore = builder.Blobs.BytesRead;
        using var second = new RegistryDestination(Address, "tests/twice", RegistryTestContext.Options(), _log);
        RegistryPushResult result = await second.PushAsync(image, ["v1"], CancellationToken.None);

        Assert.All(result.Blobs, blob => Assert.Equal(BlobPushAction.Existed, blob.Action));
        Assert.Equal(0, result.BytesSent);
        Assert.Equal(readBefore, builder.Blobs.BytesRead);
    }

    [Fact]
    public async Task An_image_the_registry_already_has_costs_one_manifest_HEAD_and_the_tag_PUTs_and_a_new_tag_lands()
    {
        var builder = new TestImageBuilder(RepositoryPaths.CreateWorkDirectory("push-known"));
        BuiltImage image = builder.Build([await builder.AddLayerAsync("runtime", 40_000, 31), await builder.AddLayerAsync("app", 10_000, 32)]);
        using (var first = new RegistryDestination(Address, "tests/known", RegistryTestContext.Options(), _log))
        {
            await first.PushAsync(image, ["v1"], CancellationToken.None);
        }

        await using FaultInjectingProxy proxy = await FaultInjectingProxy.StartAsync(Address);
        using var second = new RegistryDestination(proxy.Address, "tests/known", RegistryTestContext.Options(), _log);
        RegistryPushResult result = await second.PushAsync(image, ["v1", "v2"], CancellationToken.None);

        string[] calls = proxy.RequestLines.Where(line => line != "GET /v2/").ToArray();
        Assert.DoesNotContain(calls, line => line.Contains("/blobs/", StringComparison.Ordinal));
        Assert.Single(calls, line => line.StartsWith($"HEAD /v2/tests/known/manifests/{image.Manifest.Digest}", StringComparison.Ordinal));
        Assert.Equal(2, calls.Count(line => line.StartsWith("PUT /v2/tests/known/manifests/v", StringComparison.Ordinal)));
        Assert.All(result.Blobs, blob => Assert.Equal(BlobPushAction.Existed, blob.Action));
        Assert.Equal(3, result.Blobs.Count);
        Assert.Equal(["v1", "v2"], (await RegistryTools.ListTagsAsync($"{Address}/tests/known")).Order());
    }

    [Fact]
    public async Task PushToAnotherRepositoryMountsTheBaseLayersInsteadOfUploading()
    {
        var builder = new TestImageBuilder(RepositoryPaths.CreateWorkDirectory("mount"));
        BuiltLayer[] baseLayers = [await builder.AddLayerAsync("base1", 200_000, 10), await builder.AddLayerAsync("base2", 100_000, 11)];
        BuiltImage baseImage = builder.Build(baseLayers);
        using (var baseDestination = new RegistryDestination(Address, "tests/base", RegistryTestContext.Options(), _log))
        {
            await baseDestination.PushAsync(baseImage, ["1"], CancellationToken.None);
        }

        BuiltImage app = builder.Build(
            [await builder.AddLayerAsync("app", 10_000, 12)], baseLayers, new BaseImageInfo($"{Address}/tests/base:1", baseImage.Manifest.Digest));
        long readBefore = builder.Blobs.BytesRead;
        using var destination = new RegistryDestination(Address, "tests/mounted-app", RegistryTestContext.Options(), _log);
        RegistryPushResult result = await destination.PushAsync(app, ["1"], CancellationToken.None);

        Assert.Equal(
            [BlobPushAction.Mounted, BlobPushAction.Mounted, BlobPushAction.Uploaded, BlobPushAction.Uploaded],
            result.Blobs.Select(blob => blob.Action));
        Assert.Equal(app.AppLayers[0].Descriptor.Size, builder.Blobs.BytesRead - readBefore);
        RegistryTools.VerifyLayoutBlobs(await RegistryTools.CopyToOciLayoutAsync($"{Address}/tests/mounted-app:1"));
    }

    [Fact]
    public async Task BaseFromTheSameRegistryIsNeverDownloadedWhenPushing()
    {
        var builder = new TestImageBuilder(RepositoryPaths.CreateWorkDirectory("base-from-registry"));
        BuiltLayer[] baseLayers = [await builder.AddLayerAsync("os", 150_000, 70), await builder.AddLayerAsync("runtime", 150_000, 71)];
        BuiltImage baseImage = builder.Build(baseLayers);
        using (var baseDestination = new RegistryDestination(Address, "tests/registry-base", RegistryTestContext.Options(), _log))
        {
            await baseDestination.PushAsync(baseImage, ["10.0"], CancellationToken.None);
        }

        var cache = new LocalBlobStore(RepositoryPaths.CreateWorkDirectory("cache"));
        string baseName = $"{Address}/tests/registry-base:10.0";
        using var source = new RegistryImageSource(baseName, RegistryTestContext.Options(), cache, _log);
        SourceImage resolved = await source.ResolveAsync(baseImage.Platform, CancellationToken.None);
        BuiltImage app = builder.Build([await builder.AddLayerAsync("app", 5_000, 72)], baseLayers, new BaseImageInfo(baseName, resolved.Manifest!.Digest));
        var baseDigests = resolved.Layers.Select(layer => layer.Digest).ToHashSet();
        app = app with { Blobs = new SplitBlobSource(resolved.Blobs, builder.Blobs, baseDigests) };

        using var destination = new RegistryDestination(Address, "tests/app-on-registry-base", RegistryTestContext.Options(), _log);
        RegistryPushResult result = await destination.PushAsync(app, ["1"], CancellationToken.None);

        Assert.All(result.Blobs.Where(blob => baseDigests.Contains(blob.Blob.Digest)), blob => Assert.Equal(BlobPushAction.Mounted, blob.Action));
        Assert.All(baseDigests, digest => Assert.False(cache.Contains(digest)));
        RegistryTools.VerifyLayoutBlobs(await RegistryTools.CopyToOciLayoutAsync($"{Address}/tests/app-on-registry-base:1"));
    }

    /// <summary>Base layers from the registry source, ours from the local store, as the image pipeline combines them.</summary>
    private sealed class SplitBlobSource(IBlobSource baseBlobs, IBlobSource ownBlobs, HashSet<Digest> baseDigests) : IBlobSource
    {
        public Task<Stream> OpenBlobAsync(Descriptor descriptor, CancellationToken cancellationToken) =>
            (baseDigests.Contains(descriptor.Digest) ? baseBlobs : ownBlobs).OpenBlobAsync(descriptor, cancellationToken);
    }

    [Fact]
    public async Task ForcedChunkedUploadOfALargeLayerArrivesIntact()
    {
        var builder = new TestImageBuilder(RepositoryPaths.CreateWorkDirectory("chunked"));
        BuiltImage image = builder.Build([await builder.AddLayerAsync("big", 12 * 1024 * 1024, 20)]);
        using var destination = new RegistryDestination(Address, "tests/chunked", RegistryTestContext.Options() with { ForceChunkedUpload = true }, _log);
        RegistryPushResult result = await destination.PushAsync(image, ["c"], CancellationToken.None);

        Assert.Equal(image.Manifest.Digest, result.Digest);
        string layout = await RegistryTools.CopyToOciLayoutAsync($"{Address}/tests/chunked:c");
        Assert.Contains(image.AppLayers[0].Descriptor.Digest.ToString(), RegistryTools.VerifyLayoutBlobs(layout));
    }

    [Fact]
    public async Task BaseImageIsResolvedFromAnIndexToThePlatformAndItsBlobsAreVerifiedIntoTheCache()
    {
        var builder = new TestImageBuilder(RepositoryPaths.CreateWorkDirectory("index"));
        var amd64 = new Platform { Os = "linux", Architecture = "amd64" };
        var arm64 = new Platform { Os = "linux", Architecture = "arm64", Variant = "v8" };
        BuiltImage amdImage = builder.Build([await builder.AddLayerAsync("amd", 30_000, 30)], platform: amd64);
        BuiltImage armImage = builder.Build([await builder.AddLayerAsync("arm", 30_000, 31)], platform: arm64, docker: false);
        (Descriptor index, byte[] indexBytes) = TestImageBuilder.BuildIndex([amdImage, armImage]);
        using (var destination = new RegistryDestination(Address, "tests/multi", RegistryTestContext.Options(), _log))
        {
            RegistryPushResult pushed = await destination.PushIndexAsync([amdImage, armImage], index, indexBytes, ["8.0"], CancellationToken.None);
            Assert.Equal(index.Digest, pushed.Digest);
        }

        var cache = new LocalBlobStore(RepositoryPaths.CreateWorkDirectory("cache"));
        using var source = new RegistryImageSource($"{Address}/tests/multi:8.0", RegistryTestContext.Options(), cache, _log);
        SourceImage resolved = await source.ResolveAsync(new Platform { Os = "linux", Architecture = "arm64" }, CancellationToken.None);

        Assert.Equal(armImage.Manifest.Digest, resolved.Manifest!.Digest);
        Assert.Equal(MediaTypes.OciManifest, resolved.ManifestMediaType);
        Assert.Equal(armImage.ConfigBytes, resolved.ConfigBytes);
        Assert.Equal(armImage.AppLayers[0].Descriptor.Digest, Assert.Single(resolved.Layers).Digest);
        Assert.False(cache.Contains(resolved.Layers[0].Digest));
        await using (Stream layer = await resolved.Blobs.OpenBlobAsync(resolved.Layers[0], CancellationToken.None))
        {
            Assert.Equal(resolved.Layers[0].Digest, await Digest.ComputeSha256Async(layer));
        }

        Assert.True(cache.Contains(resolved.Layers[0].Digest));

        var byDigest = new RegistryImageSource($"{Address}/tests/multi@{index.Digest}", RegistryTestContext.Options(), cache, _log);
        using (byDigest)
        {
            Assert.Equal(amdImage.Manifest.Digest, (await byDigest.ResolveAsync(amd64, CancellationToken.None)).Manifest!.Digest);
        }

        var error = await Assert.ThrowsAsync<ContainerizeException>(
            () => source.ResolveAsync(new Platform { Os = "linux", Architecture = "s390x" }, CancellationToken.None));
        Assert.Equal(ErrorCodes.RegistryPlatformNotFound, error.Code);
        Assert.Contains("linux/arm64/v8", error.Message);
    }

    [Fact]
    public async Task UnreachableRegistryFailsWithItsCodeAfterRetrying()
    {
        string closed = $"127.0.0.1:{DistributionRegistryServer.FreePort()}";
        var builder = new TestImageBuilder(RepositoryPaths.CreateWorkDirectory("unreachable"));
        BuiltImage image = builder.Build([await builder.AddLayerAsync("app", 1_000, 60)]);
        using var destination = new RegistryDestination(closed, "tests/app", RegistryTestContext.Options(), _log);
        var error = await Assert.ThrowsAsync<ContainerizeException>(() => destination.PushAsync(image, ["1"], CancellationToken.None));
        Assert.Equal(ErrorCodes.RegistryUnreachable, error.Code);
        Assert.Contains(closed, error.Message);
    }

    [Fact]
    public async Task PlainHttpRegistryThatIsNotAllowedIsRefusedWithItsCode()
    {
        // A remote host is played by the loopback registry with its loopback allowance taken away.
        var endpoint = new RegistryEndpoint(Address, RegistryTestContext.Options()) { MayUsePlainHttp = false };
        using var client = new RegistryClient(new RegistryEndpointCaller(endpoint, RegistryTestContext.Options(), RegistryAccess.Push, _log), _log);
        var error = await Assert.ThrowsAsync<ContainerizeException>(() => client.ManifestPuller.PullAsync("tests/any", "1", CancellationToken.None));
        Assert.Equal(ErrorCodes.RegistryInsecureRefused, error.Code);
        Assert.Contains(Address, error.Message);
        Assert.Contains("DOTNET_CONTAINER_INSECURE_REGISTRIES", error.Hint);
    }

    [Fact]
    public async Task DockerMediaTypesArePushedAndReadBack()
    {
        var builder = new TestImageBuilder(RepositoryPaths.CreateWorkDirectory("docker"));
        BuiltImage image = builder.Build([await builder.AddLayerAsync("d", 10_000, 40, docker: true)], docker: true);
        using (var destination = new RegistryDestination(Address, "tests/docker", RegistryTestContext.Options(), _log))
        {
            await destination.PushAsync(image, ["d"], CancellationToken.None);
        }

        using var source = new RegistryImageSource($"{Address}/tests/docker:d", RegistryTestContext.Options(),
            new LocalBlobStore(RepositoryPaths.CreateWorkDirectory("cache")), _log);
        SourceImage resolved = await source.ResolveAsync(image.Platform, CancellationToken.None);
        Assert.Equal(MediaTypes.DockerManifest, resolved.ManifestMediaType);
        Assert.Equal(image.Manifest.Digest, resolved.Manifest!.Digest);
    }

    [Fact]
    public async Task MissingTagAndRejectedNameGiveTheirOwnCodes()
    {
        using var source = new RegistryImageSource($"{Address}/tests/nothing-here:1", RegistryTestContext.Options(),
            new LocalBlobStore(RepositoryPaths.CreateWorkDirectory("cache")), _log);
        var notFound = await Assert.ThrowsAsync<ContainerizeException>(
            () => source.ResolveAsync(new Platform { Os = "linux", Architecture = "amd64" }, CancellationToken.None));
        Assert.Equal(ErrorCodes.RegistryImageNotFound, notFound.Code);
        Assert.Contains($"{Address}/tests/nothing-here", notFound.Message);
        Assert.Contains("MANIFEST_UNKNOWN", notFound.Message);

        var builder = new TestImageBuilder(RepositoryPaths.CreateWorkDirectory("bad-tag"));
        BuiltImage image = builder.Build([await builder.AddLayerAsync("t", 1_000, 50)]);
        using var destination = new RegistryDestination(Address, "tests/tagged", RegistryTestContext.Options(), _log);
        var badTag = await Assert.ThrowsAsync<ContainerizeException>(() => destination.PushAsync(image, ["ok", "bad:tag!"], CancellationToken.None));
        Assert.Equal(ErrorCodes.InvalidTag, badTag.Code);
        Assert.Contains("'bad:tag!'", badTag.Message);
        Assert.Empty(await RegistryTools.ListTagsAsync($"{Address}/tests/tagged"));
        Assert.Equal(ErrorCodes.InvalidRepositoryName, Assert.Throws<ContainerizeException>(
            () => new RegistryDestination(Address, "Tests/Upper", RegistryTestContext.Options(), _log)).Code);
    }
}
