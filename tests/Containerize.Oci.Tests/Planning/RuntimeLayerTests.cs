using Containerize.Oci.Planning;

namespace Containerize.Oci.Tests.Planning;

/// <summary>One runtime layer per shared framework, so apps on the same runtime share the <c>runtime</c> layer.</summary>
public sealed class RuntimeLayerTests : IDisposable
{
    private const string AspNetCorePack = "Microsoft.AspNetCore.App.Runtime.linux-x64";

    private readonly SamplePublish _publish = new();

    public void Dispose() => _publish.Dispose();

    [Theory]
    [InlineData("Microsoft.NETCore.App.Runtime.linux-x64", "runtime")]
    [InlineData("Microsoft.NETCore.App.Runtime.linux-musl-arm64", "runtime")]
    [InlineData("Microsoft.AspNetCore.App.Runtime.linux-x64", "runtime-aspnetcore")]
    [InlineData("Microsoft.WindowsDesktop.App.Runtime.win-x64", "runtime-windowsdesktop")]
    [InlineData("Contoso.Runtime+Pack", "runtime-contoso.runtime-pack")]
    public void Names_the_layer_after_the_shared_framework(string packageId, string expected)
    {
        Assert.Equal(expected, LayerNames.ForRuntimePack(packageId));
        Assert.True(LayerNames.IsValid(expected));
    }

    [Fact]
    public void A_web_app_gets_the_same_runtime_layer_as_a_console_app_plus_its_own_aspnetcore_layer()
    {
        LayerPlan consolePlan = LayerPlanner.Plan(_publish.Request());
        _publish.Add("Microsoft.AspNetCore.dll", packageId: AspNetCorePack, version: "10.0.12");
        _publish.Add("Microsoft.Extensions.Hosting.dll", packageId: AspNetCorePack, version: "10.0.12");
        LayerPlanRequest webRequest = _publish.Request() with
        {
            RuntimePackIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { SamplePublish.RuntimePack, AspNetCorePack },
        };

        LayerPlan webPlan = LayerPlanner.Plan(webRequest);

        Assert.Equal(
            ["runtime", "runtime-aspnetcore", "packages", "prerelease-packages", "project-references", "app"],
            webPlan.Layers.Select(layer => layer.Name));
        Assert.Equal(
            consolePlan.Layers.Single(layer => layer.Name == "runtime").Entries,
            webPlan.Layers.Single(layer => layer.Name == "runtime").Entries);
        Assert.Equal(
            ["/app/Microsoft.AspNetCore.dll", "/app/Microsoft.Extensions.Hosting.dll"],
            webPlan.Layers.Single(layer => layer.Name == "runtime-aspnetcore").Entries.Select(entry => entry.ContainerPath));
    }

    [Fact]
    public void A_rule_can_move_files_into_a_runtime_layer()
    {
        LayerPlanRequest request = _publish.Request() with { Rules = [new LayerRule("runtime-aspnetcore", "Newtonsoft.Json.dll")] };

        LayerPlan plan = LayerPlanner.Plan(request);

        Assert.Equal(["runtime", "runtime-aspnetcore"], plan.Layers.Take(2).Select(layer => layer.Name));
        Assert.Equal(["/app/Newtonsoft.Json.dll"], plan.Layers[1].Entries.Select(entry => entry.ContainerPath));
    }
}
