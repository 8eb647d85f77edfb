using System.Net;
using Containerize.Oci.Building;
using Containerize.Oci.Destinations;
using Containerize.Oci.Registry;
using Containerize.TestSupport;
using Containerize.TestSupport.Registry;
using Xunit.Abstractions;

namespace Containerize.Oci.Tests.Registry;

/// <summary>Requests go through the configured HTTP proxy (the system's by default; an explicit one here, to observe it).</summary>
public sealed class RegistryProxyTests(DistributionRegistryFixture registry, ITestOutputHelper output) : IClassFixture<DistributionRegistryFixture>
{
    [Fact]
    public async Task PushGoesThroughTheProxy()
    {
        // Kestrel takes absolute-form request targets, so the forwarding proxy also works as an HTTP forward proxy.
        await using FaultInjectingProxy proxy = await FaultInjectingProxy.StartAsync(registry.Server.Address);
        var builder = new TestImageBuilder(RepositoryPaths.CreateWorkDirectory("proxy"));
        BuiltImage image = builder.Build([await builder.AddLayerAsync("app", 10_000, 90)]);
        RegistryOptions options = RegistryTestContext.Options() with { Proxy = new AlwaysProxy(new Uri($"http://{proxy.Address}")) };

        using var destination = new RegistryDestination(registry.Server.Address, "proxy/app", options, new TestOutputLog(output));
        await destination.PushAsync(image, ["1"], CancellationToken.None);

        // Ping, HEAD and POST and PUT per blob, manifest and tag: all through the proxy.
        Assert.True(proxy.Requests >= 9, $"Only {proxy.Requests} requests went through the proxy.");
        RegistryTools.VerifyLayoutBlobs(await RegistryTools.CopyToOciLayoutAsync($"{registry.Server.Address}/proxy/app:1"));
    }

    /// <summary>A proxy that is used even for loopback hosts (which WebProxy would bypass).</summary>
    private sealed class AlwaysProxy(Uri address) : IWebProxy
    {
        public ICredentials? Credentials { get; set; }

        public Uri GetProxy(Uri destination) => address;

        public bool IsBypassed(Uri host) => false;
    }
}
