using Containerize.Oci.Building;
using Containerize.Oci.Destinations;
using Containerize.Oci.Layers;
using Containerize.Oci.Registry;
using Containerize.Oci.Registry.Credentials;
using Containerize.TestSupport;
using Containerize.TestSupport.Registry;
using Xunit.Abstractions;

namespace Containerize.Oci.Tests.Registry;

/// <summary>
/// Mounts chosen from the record of where blobs are (<see cref="BlobLocations"/>), against a real distribution
/// registry: a layer another repository holds is mounted from it, a layer nobody is known to hold is uploaded with
/// no mount request, and a wrong record costs an upload, never the push.
/// </summary>
public sealed class RegistryMountTests(DistributionRegistryFixture registry, ITestOutputHelper output) : IClassFixture<DistributionRegistryFixture>
{
    private readonly TestOutputLog _log = new(output);

    private string Address => registry.Server.Address;

    [Fact]
    public async Task LayerPushedToOneRepositoryIsMountedIntoAnotherWithoutReadingIt()
    {
        var builder = new TestImageBuilder(RepositoryPaths.CreateWorkDirectory("mount-shared"));
        var locations = new BlobLocations(RepositoryPaths.CreateWorkDirectory("locations"));
        BuiltLayer shared = await builder.AddLayerAsync("runtime", 300_000, 80);
        BuiltImage first = builder.Build([shared, await builder.AddLayerAsync("app-a", 20_000, 81)]);
        using (var destination = new RegistryDestination(Address, "tests/shared-a", RegistryTestContext.Options(), _log) { BlobLocations = locations })
        {
            await destination.PushAsync(first, ["1"], CancellationToken.None);
        }

        BuiltImage second = builder.Build([shared, await builder.AddLayerAsync("app-b", 20_000, 82)]);
        long readBefore = builder.Blobs.BytesRead;
        using (var destination = new RegistryDestination(Address, "tests/shared-b", RegistryTestContext.Options(), _log) { BlobLocations = locations })
        {
            RegistryPushResult result = await destination.PushAsync(second, ["1"], CancellationToken.None);

            Assert.Equal([BlobPushAction.Mounted, BlobPushAction.Uploaded, BlobPushAction.Uploaded], result.Blobs.Select(blob => blob.Action));
        }

        // Only the new app layer was read: the shared layer's bytes never left the disk.
        Assert.Equal(second.AppLayers[1].Descriptor.Size, builder.Blobs.BytesRead - readBefore);
        Assert.Contains(_log.Lines, line => line.StartsWith($"Mounted blob {shared.Descriptor.Digest} from {Address}/tests/shared-a (where an earlier push recorded it)", StringComparison.Ordinal));
        Assert.Equal(["tests/shared-b", "tests/shared-a"], locations.Find(Address, shared.Descriptor.Digest));
        RegistryTools.VerifyLayoutBlobs(await RegistryTools.CopyToOciLayoutAsync($"{Address}/tests/shared-b:1"));
    }

    [Fact]
    public async Task LayerNoRepositoryIsKnownToHoldIsUploadedWithoutAMountRequest()
    {
        await using FaultInjectingProxy proxy = await FaultInjectingProxy.StartAsync(Address);
        var builder = new TestImageBuilder(RepositoryPaths.CreateWorkDirectory("mount-unknown"));
        var locations = new BlobLocations(RepositoryPaths.CreateWorkDirectory("locations"));
        BuiltLayer[] baseLayers = [await builder.AddLayerAsync("os", 100_000, 83)];
        BuiltImage baseImage = builder.Build(baseLayers);
        using (var baseDestination = new RegistryDestination(Address, "tests/unknown-base", RegistryTestContext.Options(), _log))
        {
            await baseDestination.PushAsync(baseImage, ["1"], CancellationToken.None);
        }

        BuiltLayer app = await builder.AddLayerAsync("app", 10_000, 84);
        BuiltImage image = builder.Build([app], baseLayers, new BaseImageInfo($"{proxy.Address}/tests/unknown-base:1", baseImage.Manifest.Digest));
        using (var destination = new RegistryDestination(proxy.Address, "tests/unknown-app", RegistryTestContext.Options(), _log) { BlobLocations = locations })
        {
            RegistryPushResult result = await destination.PushAsync(image, ["1"], CancellationToken.None);

            Assert.Equal([BlobPushAction.Mounted, BlobPushAction.Uploaded, BlobPushAction.Uploaded], result.Blobs.Select(blob => blob.Action));
        }

        // The base layer is mounted from the base's repository; the app layer and the config cost no mount request.
        string[] mounts = proxy.RequestLines.Where(line => line.StartsWith("POST ", StringComparison.Ordinal) && line.Contains("mount=", StringComparison.Ordinal)).ToArray();
        Assert.Contains(baseLayers[0].Descriptor.Digest.Encoded, Assert.Single(mounts), StringComparison.Ordinal);
        Assert.Equal(["tests/unknown-app", "tests/unknown-base"], locations.Find(proxy.Address, baseLayers[0].Descriptor.Digest));
        Assert.Equal(["tests/unknown-app"], locations.Find(proxy.Address, app.Descriptor.Digest));
        Assert.Equal(["tests/unknown-app"], locations.Find(proxy.Address, image.Config.Digest));
    }

    [Fact]
    public async Task StaleRecordCostsAnUploadAndIsForgotten()
    {
        var builder = new TestImageBuilder(RepositoryPaths.CreateWorkDirectory("mount-stale"));
        var locations = new BlobLocations(RepositoryPaths.CreateWorkDirectory("locations"));
        BuiltLayer layer = await builder.AddLayerAsync("app", 30_000, 85);
        BuiltImage image = builder.Build([layer]);
        locations.Record(Address, "tests/never-had-it", [layer.Descriptor.Digest]);

        using (var destination = new RegistryDestination(Address, "tests/stale-target", RegistryTestContext.Options(), _log) { BlobLocations = locations })
        {
            RegistryPushResult result = await destination.PushAsync(image, ["1"], CancellationToken.None);

            Assert.Equal([BlobPushAction.Uploaded, BlobPushAction.Uploaded], result.Blobs.Select(blob => blob.Action));
        }

        Assert.Contains(_log.Lines, line => line.StartsWith($"Registry {Address} did not mount blob {layer.Descriptor.Digest} from tests/never-had-it", StringComparison.Ordinal));
        Assert.Equal(["tests/stale-target"], locations.Find(Address, layer.Descriptor.Digest));
        Assert.Contains(layer.Descriptor.Digest.ToString(), RegistryTools.VerifyLayoutBlobs(await RegistryTools.CopyToOciLayoutAsync($"{Address}/tests/stale-target:1")));
    }

    [Fact]
    public async Task RecordedRepositoryTheCredentialCannotReadCostsAnUploadNotThePush()
    {
        await using TestTokenIssuer issuer = await TestTokenIssuer.StartAsync("alice", "wonderland-s3cret");
        await using DistributionRegistryServer server = await DistributionRegistryServer.StartAsync(new RegistryServerOptions { TokenAuth = issuer.Settings });
        RegistryOptions options = RegistryTestContext.Options() with { Credential = RegistryCredential.FromUsernamePassword("alice", "wonderland-s3cret", "explicit properties") };
        var builder = new TestImageBuilder(RepositoryPaths.CreateWorkDirectory("mount-denied"));
        var locations = new BlobLocations(RepositoryPaths.CreateWorkDirectory("locations"));
        BuiltImage image = builder.Build([await builder.AddLayerAsync("runtime", 50_000, 86)]);
        using (var other = new RegistryDestination(server.Address, "other-team/app", options, _log) { BlobLocations = locations })
        {
            await other.PushAsync(image, ["1"], CancellationToken.None);
        }

        // Another team's push left its repository in the shared record; this credential may not pull from there.
        issuer.DeniedRepositories.Add("other-team/app");
        using (var destination = new RegistryDestination(server.Address, "team/app", options, _log) { BlobLocations = locations })
        {
            RegistryPushResult result = await destination.PushAsync(image, ["1"], CancellationToken.None);

            Assert.All(result.Blobs, blob => Assert.Equal(BlobPushAction.Uploaded, blob.Action));
        }

        Assert.Contains(_log.Lines, line => line.StartsWith($"Registry {server.Address} refused to mount blob {image.AppLayers[0].Descriptor.Digest} from other-team/app", StringComparison.Ordinal));
        Assert.Equal(["team/app"], locations.Find(server.Address, image.AppLayers[0].Descriptor.Digest));
    }
}
