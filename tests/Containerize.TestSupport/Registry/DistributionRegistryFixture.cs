using Xunit;

namespace Containerize.TestSupport.Registry;

/// <summary>A plain-HTTP distribution registry shared by the tests of one class (<c>IClassFixture&lt;DistributionRegistryFixture&gt;</c>).</summary>
public sealed class DistributionRegistryFixture : IAsyncLifetime
{
    public DistributionRegistryServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await DistributionRegistryServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
