using System.Text.Json;
using Containerize.TestSupport;
using Containerize.TestSupport.Images;
using Containerize.TestSupport.Registry;
using Containerize.TestSupport.Samples;

namespace Containerize.Tasks.Tests.Integration;

/// <summary>
/// Chiseled-like bases made from Debian packages (glibc, no shell, user app 1654), served by a real registry that
/// <c>ContainerizeDefaultBaseRegistry</c> points the inferred base at, as a mirror: a framework-dependent app on the
/// runtime base and a self-contained app on the runtime-deps base are pushed, pulled back with skopeo and run as uid 1654.
/// </summary>
public sealed class ChiseledLikeBaseTests : IAsyncLifetime
{
    private DistributionRegistryServer _registry = null!;
    private SampleWorkspace _workspace = null!;

    public async Task InitializeAsync()
    {
        _registry = await DistributionRegistryServer.StartAsync();
        await DebianBase.GetReferenceAsync();
        await FlavourBase.GetRuntimeReferenceAsync();
        await RegistryTools.SeedFromOciLayoutAsync(DebianBase.LayoutDirectory, "latest", $"{_registry.Address}/dotnet/runtime-deps:10.0");
        await RegistryTools.SeedFromOciLayoutAsync(FlavourBase.LayoutDirectory("runtime"), "latest", $"{_registry.Address}/dotnet/runtime:10.0");
        _workspace = await SampleWorkspace.CreateAsync("chiseled-like");
    }

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    [Fact]
    public async Task A_framework_dependent_app_on_the_runtime_base_runs_as_uid_1654_from_the_pulled_image()
    {
        (PublishRun run, JsonElement config, ProcessResult started) = await PublishPullAndRunAsync("chiseled/fdd");

        Assert.Contains($"Base image {_registry.Address}/dotnet/runtime:10.0", run.Log, StringComparison.Ordinal);
        Assert.Contains("Run check: /usr/bin/dotnet is in the image", run.Log, StringComparison.Ordinal);
        Assert.Equal(["dotnet", "/app/ConsoleApp.dll"], config.GetProperty("Entrypoint").EnumerateArray().Select(value => value.GetString()));
        Assert.Contains("as uid 1654", started.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_self_contained_app_on_the_runtime_deps_base_runs_as_uid_1654_from_the_pulled_image()
    {
        (PublishRun run, JsonElement config, ProcessResult started) = await PublishPullAndRunAsync("chiseled/sc", "-r", "linux-x64", "--self-contained");

        Assert.Contains($"Base image {_registry.Address}/dotnet/runtime-deps:10.0", run.Log, StringComparison.Ordinal);
        Assert.Contains("finds its loader /lib64/ld-linux-x86-64.so.2 and ", run.Log, StringComparison.Ordinal);
        Assert.Equal(["/app/ConsoleApp"], config.GetProperty("Entrypoint").EnumerateArray().Select(value => value.GetString()));
        Assert.Contains("as uid 1654", started.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>Publishes ConsoleApp with the inferred base from the mirror, pushes it, pulls it back, runs it.</summary>
    private async Task<(PublishRun Run, JsonElement Config, ProcessResult Started)> PublishPullAndRunAsync(string repository, params string[] arguments)
    {
        PublishRun run = await PublishRun.RunAsync(
            _workspace, "ConsoleApp", repository.Replace("/", "-", StringComparison.Ordinal), ["ContainerImageDigest", "ContainerImageDigestReference"], [],
            [.. arguments, $"-p:ContainerizeDefaultBaseRegistry={_registry.Address}", $"-p:ContainerRegistry={_registry.Address}", $"-p:ContainerRepository={repository}"]);
        run.Result.EnsureSuccess();

        string layout = await RegistryTools.CopyToOciLayoutAsync($"{_registry.Address}/{repository}:latest");
        ExtractedImage pulled = ExtractedImage.LoadLayout(layout);
        JsonElement config = pulled.Config.GetProperty("config");
        Assert.Equal(run.Property("ContainerImageDigest"), pulled.ManifestDigest);
        Assert.Equal("1654", config.GetProperty("User").GetString());
        Assert.Contains("8080/tcp", config.GetProperty("ExposedPorts").EnumerateObject().Select(port => port.Name));

        ProcessResult started = await ContainerRunner.RunAsync(layout, Path.Combine(RepositoryPaths.CreateWorkDirectory("chiseled-run"), "bundle"));
        started.EnsureSuccess();
        Assert.Contains("Hello from a layered image!", started.StandardOutput, StringComparison.Ordinal);
        return (run, config, started);
    }
}
