using System.Text.Json;
using Containerize.Oci.Digests;
using Containerize.Oci.Registry;
using Containerize.Oci.Validation;
using Containerize.Tasks.Tests.Integration;
using Containerize.TestSupport;
using Containerize.TestSupport.Images;
using Containerize.TestSupport.Registry;

namespace Containerize.Tasks.Tests.Registry;

/// <summary>`dotnet publish -t:PublishLayeredImage -p:ContainerRegistry=…` against a real registry, with a registry base.</summary>
public sealed class RegistryPushTests : IClassFixture<RegistryPushFixture>
{
    private readonly RegistryPushFixture _fixture;

    public RegistryPushTests(RegistryPushFixture fixture)
    {
        _fixture = fixture;
    }

    private string Address => _fixture.Registry.Address;

    [Fact]
    public void The_first_push_mounts_the_base_layers_uploads_ours_and_downloads_no_base_layer()
    {
        PublishRun run = _fixture.ConsoleFirst;
        string[] baseLayers = LayerDigests(run, "base");
        var rows = PushLog.Rows(run.Log);

        Assert.NotEmpty(baseLayers);
        Assert.Contains($"Base image {_fixture.BaseReference} resolved to {Address}/dotnet/runtime-deps@sha256:", run.Log, StringComparison.Ordinal);
        Assert.All(baseLayers, digest => Assert.Contains(rows, row => row.Digest == digest && row.Outcome is "mounted" or "existed"));
        Assert.Equal(["app", "config", "runtime"], rows.Where(row => row.Outcome == "uploaded").Select(row => row.Blob).Order(StringComparer.Ordinal));
        Assert.True(string.IsNullOrEmpty(run.Property("ContainerArchivePath")), "a registry replaces the default archive");
        Assert.False(File.Exists(Path.ChangeExtension(run.Property("ContainerImageDigestFile")!, ".tar")));
        string blobs = Path.Combine(_fixture.CacheDirectory, "blobs", "sha256");
        Assert.True(Directory.Exists(blobs), "the base's config is cached");
        Assert.All(baseLayers, digest => Assert.False(File.Exists(Path.Combine(blobs, digest["sha256:".Length..])), $"base layer {digest} was downloaded"));
    }

    [Fact]
    public async Task The_pushed_image_pulls_back_with_skopeo_validates_and_runs_with_crun()
    {
        string layout = await RegistryTools.CopyToOciLayoutAsync($"{Address}/consoleapp:1.0.0");

        Assert.Equal(_fixture.ConsoleFirst.Property("ContainerImageDigest"), RegistryTools.ReadLayoutManifestDigest(layout));
        IReadOnlyList<string> blobs = RegistryTools.VerifyLayoutBlobs(layout);
        Assert.All(_fixture.ConsoleFirst.Items("ContainerLayer"), layer => Assert.Contains(layer.GetProperty("Digest").GetString(), blobs));
        Assert.Empty(await ImageLayoutValidator.ValidateAsync(layout));

        ProcessResult run = await ContainerRunner.RunAsync(layout, Path.Combine(RepositoryPaths.CreateWorkDirectory("registry-run"), "bundle"));

        run.EnsureSuccess();
        Assert.Contains("Hello from a layered image!", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("sum(1..10) = 55", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_push_of_the_same_build_uploads_nothing()
    {
        var rows = PushLog.Rows(_fixture.ConsoleAgain.Log);

        Assert.NotEmpty(rows);
        Assert.All(rows, row => Assert.Equal("existed", row.Outcome));
        Assert.Contains(": 0 blobs uploaded (0 B sent)", _fixture.ConsoleAgain.Log, StringComparison.Ordinal);
        Assert.Equal(_fixture.ConsoleFirst.Property("ContainerImageDigestReference"), _fixture.ConsoleAgain.Property("ContainerImageDigestReference"));
    }

    [Fact]
    public void A_push_to_a_second_repository_of_the_same_registry_mounts_every_blob()
    {
        var rows = PushLog.Rows(_fixture.ConsoleMirror.Log);
        string[] layers = LayerDigests(_fixture.ConsoleMirror, null);

        Assert.All(layers, digest => Assert.Equal("mounted", rows.Single(row => row.Digest == digest).Outcome));
        // ContainerizeMountFromRepository names a source for layers; the config is mounted because the record knows it is in consoleapp.
        Assert.Equal("mounted", rows.Single(row => row.Blob == "config").Outcome);
        Assert.Equal($"{Address}/mirror/consoleapp@{_fixture.ConsoleFirst.Property("ContainerImageDigest")}", _fixture.ConsoleMirror.Property("ContainerImageDigestReference"));
    }

    [Fact]
    public void A_second_app_pushed_to_another_repository_of_the_same_registry_mounts_the_shared_runtime_layer_instead_of_uploading_it()
    {
        var rows = PushLog.Rows(_fixture.OtherConsoleApp.Log);
        var first = PushLog.Rows(_fixture.ConsoleFirst.Log);
        var runtime = rows.Single(row => row.Blob == "runtime");

        Assert.Equal(first.Single(row => row.Blob == "runtime").Digest, runtime.Digest);
        Assert.NotEqual(first.Single(row => row.Blob == "app").Digest, rows.Single(row => row.Blob == "app").Digest);
        Assert.Equal("mounted", runtime.Outcome);
        Assert.Equal(["app", "config"], rows.Where(row => row.Outcome == "uploaded").Select(row => row.Blob).Order(StringComparer.Ordinal));
        Assert.Contains(": 2 blobs uploaded", _fixture.OtherConsoleApp.Log, StringComparison.Ordinal);

        // The record in the shared cache now names the new repository first, then the ones that had the layer before.
        IReadOnlyList<string> holders = new BlobLocations(_fixture.CacheDirectory).Find(Address, Digest.Parse(runtime.Digest));
        Assert.Equal("otherapp", holders[0]);
        Assert.Contains("consoleapp", holders);
    }

    [Fact]
    public async Task Every_tag_is_pushed_and_the_digest_reference_is_in_the_output_property_items_and_file()
    {
        PublishRun run = _fixture.ConsoleFirst;
        string digest = run.Property("ContainerImageDigest")!;
        string reference = $"{Address}/consoleapp@{digest}";

        Assert.Equal(["1.0.0", "latest"], (await RegistryTools.ListImageTagsAsync($"{Address}/consoleapp")).Order(StringComparer.Ordinal));
        Assert.Equal(reference, run.Property("ContainerImageDigestReference"));
        string digestFile = run.Property("ContainerImageDigestFile")!;
        Assert.Equal("consoleapp.digest", Path.GetFileName(digestFile));
        Assert.Equal(reference + "\n", await File.ReadAllTextAsync(digestFile));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(digestFile)!, "*.tmp-*"));
        Assert.Equal(
            [$"{Address}/consoleapp:1.0.0", $"{Address}/consoleapp:latest"],
            run.Items("ContainerPushedImage").Select(item => item.GetProperty("Identity").GetString()));
        Assert.All(run.Items("ContainerPushedImage"), item => Assert.Equal(reference, item.GetProperty("DigestReference").GetString()));
        Assert.Contains($"Pushed {reference}", run.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_framework_dependent_web_api_is_pushed_with_its_layers_on_the_registry_base()
    {
        PublishRun run = _fixture.WebApi;
        ProcessResult inspect = (await ProcessRunner.RunAsync("skopeo", ["inspect", "--tls-verify=false", $"docker://{Address}/webapi:2.0.0"])).EnsureSuccess();
        using JsonDocument inspected = JsonDocument.Parse(inspect.StandardOutput);

        Assert.Equal(run.Property("ContainerImageDigest"), inspected.RootElement.GetProperty("Digest").GetString());
        Assert.Equal(LayerDigests(run, null), inspected.RootElement.GetProperty("Layers").EnumerateArray().Select(layer => layer.GetString()));
        Assert.Equal(["base-1", "packages", "prerelease-packages", "project-references", "app"], run.Items("ContainerLayer").Select(item => item.GetProperty("Identity").GetString()));
        Assert.Equal(["2.0.0"], await RegistryTools.ListImageTagsAsync($"{Address}/webapi"));
        Assert.All(LayerDigests(run, "base"), digest => Assert.Contains(PushLog.Rows(run.Log), row => row.Digest == digest && row.Outcome is "mounted" or "existed"));
    }

    [Fact]
    public async Task A_layout_asked_for_beside_the_registry_gets_the_same_image_with_the_base_downloaded_verified_and_cached()
    {
        string work = RepositoryPaths.CreateWorkDirectory("registry-and-layout");
        string cache = Path.Combine(work, "cache");
        string layout = Path.Combine(work, "layout");
        PublishRun run = await PublishRun.RunAsync(
            _fixture.Workspace, "ConsoleApp", "console-layout", RegistryPushFixture.OutputProperties, RegistryPushFixture.OutputItems,
            ["-r", "linux-x64", "--self-contained", .. _fixture.PushArguments("withlayout", "1.0.0", $"-p:ContainerizeCacheDirectory={cache}", $"-p:ContainerOciLayoutPath={layout}")]);
        run.Result.EnsureSuccess();

        Assert.Equal(run.Property("ContainerImageDigest"), RegistryTools.ReadLayoutManifestDigest(layout));
        Assert.Empty(await ImageLayoutValidator.ValidateAsync(layout));
        Assert.Equal($"{Address}/withlayout@{run.Property("ContainerImageDigest")}", run.Property("ContainerImageDigestReference"));
        Assert.All(LayerDigests(run, "base"), digest => Assert.True(File.Exists(Path.Combine(cache, "blobs", "sha256", digest["sha256:".Length..]))));
    }

    [Fact]
    public async Task An_unreachable_registry_fails_with_CTZ1001_naming_it_and_writes_no_digest_file()
    {
        string closed = $"127.0.0.1:{DistributionRegistryServer.FreePort()}";
        PublishRun run = await PublishRun.RunAsync(
            _fixture.Workspace, "ConsoleApp", "console-unreachable", RegistryPushFixture.OutputProperties, RegistryPushFixture.OutputItems,
            ["-r", "linux-x64", "--self-contained", .. _fixture.PushArguments("unreachable/app", "1.0.0", $"-p:ContainerRegistry={closed}")]);

        Assert.NotEqual(0, run.Result.ExitCode);
        string output = run.Log + run.Result.StandardOutput;
        Assert.Matches($@"error CTZ1001: .*'{closed}'", output);
        Assert.DoesNotContain("Pushed ", output, StringComparison.Ordinal);
        string outputDirectory = Path.GetDirectoryName(_fixture.ConsoleFirst.Property("ContainerImageDigestFile"))!;
        Assert.False(File.Exists(Path.Combine(outputDirectory, "unreachable-app.digest")));
        Assert.Empty(await RegistryTools.ListImageTagsAsync($"{closed}/unreachable/app"));
    }

    /// <summary>The layer digests from the ContainerLayer items, base first; only those of <paramref name="source"/> when given.</summary>
    private static string[] LayerDigests(PublishRun run, string? source) =>
        run.Items("ContainerLayer")
            .Where(item => source is null || item.GetProperty("Source").GetString() == source)
            .Select(item => item.GetProperty("Digest").GetString()!)
            .ToArray();
}
