using Containerize.Oci.Building;
using Containerize.Oci.Destinations;
using Containerize.Oci.Errors;
using Containerize.Oci.Layers;
using Containerize.TestSupport;
using Containerize.TestSupport.Registry;
using Xunit.Abstractions;

namespace Containerize.Oci.Tests.Registry;

/// <summary>A tag push that fails after others were written says which tags point at the (complete) image and which do not.</summary>
public sealed class RegistryTagFailureTests(DistributionRegistryFixture registry, ITestOutputHelper output) : IClassFixture<DistributionRegistryFixture>
{
    [Fact]
    public async Task A_failed_tag_names_the_tags_already_written_and_those_not_written()
    {
        await using FaultInjectingProxy proxy = await FaultInjectingProxy.StartAsync(registry.Server.Address);
        proxy.Plan(new FaultRule(FaultKind.InternalServerError, "PUT", "tags/manifests/second", 1000));
        var builder = new TestImageBuilder(RepositoryPaths.CreateWorkDirectory("tag-failure"));
        BuiltLayer layer = await builder.AddLayerAsync("app", 5_000, 7);
        BuiltImage image = builder.Build([layer]);

        using var destination = new RegistryDestination(proxy.Address, "faults/tags", RegistryTestContext.Options(), new TestOutputLog(output));
        var error = await Assert.ThrowsAsync<ContainerizeException>(() => destination.PushAsync(image, ["first", "second", "third"], CancellationToken.None));

        output.WriteLine(error.ToString());
        Assert.Equal(ErrorCodes.RegistryRetriesExhausted, error.Code);
        Assert.Contains($"@{image.Manifest.Digest} is complete; tags written: first; not written: second, third.", error.Message, StringComparison.Ordinal);
        Assert.Equal(["first"], await RegistryTools.ListTagsAsync($"{registry.Server.Address}/faults/tags"));
    }
}
