using System.Formats.Tar;
using System.Text.Json;
using Containerize.Oci.Validation;
using Containerize.TestSupport;
using Containerize.TestSupport.Images;

namespace Containerize.Tasks.Tests.Integration;

/// <summary>A self-contained console app on the Debian base: layers, config, other tools' verdicts, and a real run.</summary>
public sealed class ConsoleAppImageTests : IClassFixture<ConsoleAppImageFixture>
{
    private readonly PublishedImage _published;

    public ConsoleAppImageTests(ConsoleAppImageFixture fixture)
    {
        _published = fixture.Published;
    }

    [Fact]
    public void The_layers_are_the_base_then_runtime_then_app_and_hold_exactly_the_published_files()
    {
        string[] names = _published.LayerItems.Select(item => item.GetProperty("Identity").GetString()!).ToArray();
        Assert.Equal(["base-1", "runtime", "app"], names);
        Assert.Equal(_published.Image.Layers.Select(layer => layer.Digest), _published.LayerItems.Select(item => item.GetProperty("Digest").GetString()));

        IReadOnlySet<string> runtime = _published.Layer("runtime")!.FilePaths;
        IReadOnlySet<string> app = _published.Layer("app")!.FilePaths;
        Assert.Contains("/app/libcoreclr.so", runtime);
        Assert.Contains("/app/System.Private.CoreLib.dll", runtime);
        Assert.Contains("/app/createdump", runtime);
        Assert.Equal(
            new[] { "/app/ConsoleApp", "/app/ConsoleApp.deps.json", "/app/ConsoleApp.dll", "/app/ConsoleApp.pdb", "/app/ConsoleApp.runtimeconfig.json" },
            app.Order(StringComparer.Ordinal));
        Assert.Empty(runtime.Intersect(app));
        Assert.Equal(_published.PublishedPaths().Order(StringComparer.Ordinal), runtime.Union(app).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Entries_follow_the_tar_rules_and_the_apphost_stays_executable()
    {
        IReadOnlyList<LayerFile> entries = _published.Layer("app")!.Entries;
        Assert.Equal(entries.Select(entry => entry.Path).Order(StringComparer.Ordinal), entries.Select(entry => entry.Path));
        Assert.Contains(entries, entry => entry.Path == "/app" && entry.Type == TarEntryType.Directory);
        Assert.All(entries, entry => Assert.Equal(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), entry.ModificationTime));
        Assert.All(entries, entry => Assert.Equal((0, 0), (entry.UserId, entry.GroupId)));
        Assert.True(entries.Single(entry => entry.Path == "/app/ConsoleApp").Mode.HasFlag(UnixFileMode.UserExecute));
        Assert.False(entries.Single(entry => entry.Path == "/app/ConsoleApp.dll").Mode.HasFlag(UnixFileMode.UserExecute));
    }

    [Fact]
    public void The_config_runs_the_apphost_as_the_base_images_app_user_in_app()
    {
        JsonElement config = _published.Image.Config.GetProperty("config");
        Assert.Equal(["/app/ConsoleApp"], config.GetProperty("Entrypoint").EnumerateArray().Select(value => value.GetString()));
        Assert.Equal("/app", config.GetProperty("WorkingDir").GetString());
        Assert.Equal("1654", config.GetProperty("User").GetString());
        Assert.Contains("APP_UID=1654", config.GetProperty("Env").EnumerateArray().Select(value => value.GetString()));
        Assert.Equal("amd64", _published.Image.Config.GetProperty("architecture").GetString());
    }

    [Fact]
    public void The_log_shows_the_layer_table_the_image_digest_and_how_to_load_the_archive()
    {
        Assert.Matches(@"runtime\s+\d+\s+\d+\.\d MiB\s+\d+\.\d MiB\s+(built|cached) [\d.]+ m?s\s+sha256:[0-9a-f]{64}", _published.Log);
        Assert.Matches(@"app\s+5\s", _published.Log);
        Assert.Contains($"Image digest: {_published.Image.ManifestDigest}", _published.Log, StringComparison.Ordinal);
        Assert.Contains($"docker load -i {_published.ArchivePath}", _published.Log, StringComparison.Ordinal);
        Assert.Contains($"podman load -i {_published.ArchivePath}", _published.Log, StringComparison.Ordinal);
        Assert.Equal(_published.Image.ManifestDigest, _published.ImageDigest);
        Assert.Equal(_published.ArchivePath, _published.Outputs.GetProperty("Properties").GetProperty("ContainerArchivePath").GetString());
    }

    [Fact]
    public async Task Skopeo_reads_the_archive_as_oci_archive_and_as_docker_archive()
    {
        ProcessResult oci = (await ProcessRunner.RunAsync("skopeo", ["inspect", $"oci-archive:{_published.ArchivePath}"])).EnsureSuccess();
        using JsonDocument inspected = JsonDocument.Parse(oci.StandardOutput);
        Assert.Equal(_published.ImageDigest, inspected.RootElement.GetProperty("Digest").GetString());
        Assert.Equal(3, inspected.RootElement.GetProperty("Layers").GetArrayLength());

        ProcessResult docker = (await ProcessRunner.RunAsync("skopeo", ["inspect", $"docker-archive:{_published.ArchivePath}"])).EnsureSuccess();
        using JsonDocument dockerInspected = JsonDocument.Parse(docker.StandardOutput);
        Assert.Equal(3, dockerInspected.RootElement.GetProperty("Layers").GetArrayLength());
    }

    [Fact]
    public async Task Podman_loads_the_archive_with_its_name_layers_and_config()
    {
        // A private store, so the test neither needs nor touches the machine's podman images (podman wants a short runroot).
        string store = Directory.CreateTempSubdirectory("ctz-podman-").FullName;
        string[] podman = ["--root", Path.Combine(store, "root"), "--runroot", Path.Combine(store, "run"), "--storage-driver", "vfs"];
        try
        {
            ProcessResult load = (await ProcessRunner.RunAsync("podman", [.. podman, "load", "-i", _published.ArchivePath])).EnsureSuccess();
            string name = load.StandardOutput.Split("Loaded image:", 2)[1].Trim().Split('\n')[0].Trim();
            ProcessResult inspect = (await ProcessRunner.RunAsync("podman", [.. podman, "image", "inspect", name])).EnsureSuccess();

            using JsonDocument inspected = JsonDocument.Parse(inspect.StandardOutput);
            JsonElement image = inspected.RootElement[0];
            string configDigest = _published.Image.Manifest.GetProperty("config").GetProperty("digest").GetString()!;
            Assert.Equal(configDigest["sha256:".Length..], image.GetProperty("Id").GetString());
            Assert.Equal(3, image.GetProperty("RootFS").GetProperty("Layers").GetArrayLength());
            Assert.Equal("1654", image.GetProperty("Config").GetProperty("User").GetString());
            Assert.EndsWith(":latest", name, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(store, recursive: true);
        }
    }

    [Fact]
    public async Task Umoci_unpacks_it_and_crun_runs_the_app_as_uid_1654()
    {
        string bundle = Path.Combine(RepositoryPaths.CreateWorkDirectory("run"), "bundle");

        ProcessResult run = await ContainerRunner.RunAsync(_published.Image.LayoutDirectory, bundle);

        run.EnsureSuccess();
        Assert.Contains("Hello from a layered image!", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("as uid 1654", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("sum(1..10) = 55", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_librarys_validator_finds_no_problem_in_the_archive()
    {
        IReadOnlyList<string> problems = await ImageLayoutValidator.ValidateAsync(_published.Image.LayoutDirectory);

        Assert.Empty(problems);
    }
}
