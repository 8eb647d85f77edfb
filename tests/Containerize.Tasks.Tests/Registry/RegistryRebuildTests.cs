using Containerize.Tasks.Tests.Integration;
using Containerize.TestSupport.Registry;
using Containerize.TestSupport.Samples;

namespace Containerize.Tasks.Tests.Registry;

/// <summary>What a rebuild after a one-line change sends, counted in the real registry's storage.</summary>
public sealed class RegistryRebuildTests : IAsyncLifetime
{
    private DistributionRegistryServer _registry = null!;

    public async Task InitializeAsync()
    {
        _registry = await DistributionRegistryServer.StartAsync();
        await DebianBase.GetReferenceAsync();
        await RegistryTools.SeedFromOciLayoutAsync(DebianBase.LayoutDirectory, "latest", $"{_registry.Address}/dotnet/runtime-deps:10.0");
    }

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    [Fact]
    public async Task A_code_change_republishes_only_the_app_layer_config_and_manifest()
    {
        SampleWorkspace workspace = await SampleWorkspace.CreateAsync("registry-rebuild");
        string[] arguments =
        [
            "-r", "linux-x64", "--self-contained",
            $"-p:ContainerBaseImage={_registry.Address}/dotnet/runtime-deps:10.0",
            "-p:ContainerizeRunCheck=false",
            // The SBOM names the image, so it changes with it; its blobs are counted in SbomPublishTests.
            "-p:ContainerizeSbom=false",
            $"-p:ContainerRegistry={_registry.Address}",
            "-p:ContainerRepository=rebuild/console",
        ];
        PublishRun first = await PublishRun.RunAsync(workspace, "ConsoleApp", "before-change", RegistryPushFixture.OutputProperties, RegistryPushFixture.OutputItems, arguments);
        first.Result.EnsureSuccess();
        IReadOnlyDictionary<string, long> before = RegistryStorage.Blobs(_registry);

        string program = Path.Combine(workspace.ProjectDirectory("ConsoleApp"), "Program.cs");
        await File.AppendAllTextAsync(program, "Console.WriteLine(\"one more line\");\n");
        PublishRun second = await PublishRun.RunAsync(workspace, "ConsoleApp", "after-change", RegistryPushFixture.OutputProperties, RegistryPushFixture.OutputItems, arguments);
        second.Result.EnsureSuccess();
        IReadOnlyDictionary<string, long> added = RegistryStorage.Added(before, RegistryStorage.Blobs(_registry));

        var rows = PushLog.Rows(second.Log);
        string app = rows.Single(row => row.Blob == "app").Digest;
        string config = rows.Single(row => row.Blob == "config").Digest;
        string manifest = second.Property("ContainerImageDigest")!;
        Assert.Equal(new[] { app, config, manifest }.Order(StringComparer.Ordinal), added.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["app", "config"], rows.Where(row => row.Outcome == "uploaded").Select(row => row.Blob).Order(StringComparer.Ordinal));
        Assert.Equal("cached", rows.Single(row => row.Blob == "runtime").Made);
        Assert.Equal("built", rows.Single(row => row.Blob == "app").Made);
        Assert.True(added[app] < 200 * 1024, $"the app layer is small ({added[app]} bytes)");
    }
}
