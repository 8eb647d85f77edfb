using System.Formats.Tar;
using System.Text.Json;
using Containerize.Oci.Building;
using Containerize.Oci.Destinations;
using Containerize.Oci.Errors;
using Containerize.Oci.Logging;
using Containerize.Oci.Model;
using Containerize.Oci.Planning;
using Containerize.Oci.References;
using Containerize.Oci.Sources;
using Containerize.Oci.Tests.Sources;
using Containerize.Oci.Validation;
using Containerize.TestSupport;

namespace Containerize.Oci.Tests.Building;

/// <summary>The whole pipeline: a base on disk, published files, the planner and layer writer, config, manifest, archive.</summary>
public sealed class LayeredImageBuilderTests
{
    private sealed class RecordingLog : IBuildLog
    {
        public List<string> Lines { get; } = [];

        public void Info(string message) => Lines.Add(message);

        public void Detail(string message) => Lines.Add(message);

        public void Warning(string code, string message) => Lines.Add($"{code}: {message}");
    }

    private static string MakeBaseLayout(string root, bool docker = false)
    {
        var layout = new TestLayoutBuilder(Path.Combine(root, "base"));
        layout.WriteIndex((layout.AddImage(TestLayoutBuilder.PasswdLayers(), TestLayoutBuilder.Amd64, docker), "10.0"));
        return layout.Directory;
    }

    private static LayerPlanRequest PublishOutput(string root)
    {
        string publish = Path.Combine(root, "publish");
        Directory.CreateDirectory(publish);
        File.WriteAllText(Path.Combine(publish, "App.dll"), "the app");
        File.WriteAllText(Path.Combine(publish, "App.deps.json"), "{}");
        File.WriteAllText(Path.Combine(publish, "Humanizer.dll"), "a package");
        return new LayerPlanRequest
        {
            PublishedFiles =
            [
                new PublishedFile { SourcePath = Path.Combine(publish, "App.dll"), RelativePath = "App.dll" },
                new PublishedFile { SourcePath = Path.Combine(publish, "App.deps.json"), RelativePath = "App.deps.json" },
                new PublishedFile { SourcePath = Path.Combine(publish, "Humanizer.dll"), RelativePath = "Humanizer.dll", NuGetPackageId = "Humanizer", NuGetPackageVersion = "2.14.1" },
            ],
        };
    }

    private static ImageBuildRequest Request(string root, string baseImage) => new()
    {
        BaseImage = baseImage,
        RuntimeIdentifier = "linux-x64",
        Layers = PublishOutput(root),
        Settings = new ImageSettings
        {
            Repository = "team/api",
            Tags = ["1.0"],
            Entrypoint = ["dotnet", "/app/App.dll"],
            Ports = [new ContainerPort(8080)],
            EnvironmentVariables = [new("ASPNETCORE_HTTP_PORTS", "8080")],
        },
        WorkDirectory = Path.Combine(root, "work"),

        // The test base has no dotnet, so this app could not start; the run check has its own tests (Inspection/, ImageRunCheckerTests).
        RunCheck = false,
    };

    [Fact]
    public async Task BuildsFromALayoutBaseAndWritesAnArchiveThatToolsAccept()
    {
        string root = TestLayoutBuilder.CreateTemporaryDirectory("pipeline-layout");
        string baseLayout = MakeBaseLayout(root);
        var log = new RecordingLog();

        BuiltImage image = await new LayeredImageBuilder(log).BuildAsync(Request(root, $"oci:{baseLayout}:10.0"), default);
        string archive = Path.Combine(root, "image.tar");
        await OciArchiveWriter.WriteAsync(image, archive, ["team/api:1.0"], default);

        Assert.Equal(2, image.BaseLayers.Count);
        Assert.Equal(["packages", "app"], image.AppLayers.Select(layer => layer.Name));
        Assert.Contains(log.Lines, line => line.Contains($"oci:{baseLayout}:10.0", StringComparison.Ordinal) && line.Contains("sha256:", StringComparison.Ordinal));
        string unpacked = Path.Combine(root, "unpacked");
        Directory.CreateDirectory(unpacked);
        await TarFile.ExtractToDirectoryAsync(archive, unpacked, overwriteFiles: false);
        Assert.Empty(await ImageLayoutValidator.ValidateAsync(unpacked));
        (await ProcessRunner.RunAsync("skopeo", ["inspect", $"oci-archive:{archive}:1.0"])).EnsureSuccess();
        string bundle = Path.Combine(root, "bundle");
        (await ProcessRunner.RunAsync("umoci", ["unpack", "--image", $"{unpacked}:1.0", bundle])).EnsureSuccess();
        (await ProcessRunner.RunAsync("umoci", ["stat", "--image", $"{unpacked}:1.0"])).EnsureSuccess();
        Assert.Equal("the app", await File.ReadAllTextAsync(Path.Combine(bundle, "rootfs", "app", "App.dll")));
        Assert.Equal("a package", await File.ReadAllTextAsync(Path.Combine(bundle, "rootfs", "app", "Humanizer.dll")));
        using JsonDocument runtime = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(bundle, "config.json")));
        JsonElement process = runtime.RootElement.GetProperty("process");
        Assert.Equal(1654, process.GetProperty("user").GetProperty("uid").GetInt32());
        Assert.Equal("/app", process.GetProperty("cwd").GetString());
        Assert.Equal(["dotnet", "/app/App.dll"], process.GetProperty("args").EnumerateArray().Select(arg => arg.GetString()));
    }

    [Fact]
    public async Task TheSameInputsGiveTheSameDigestsInAnotherWorkDirectory()
    {
        string first = TestLayoutBuilder.CreateTemporaryDirectory("pipeline-repeat-a");
        string second = TestLayoutBuilder.CreateTemporaryDirectory("pipeline-repeat-b");

        BuiltImage a = await new LayeredImageBuilder(NullBuildLog.Instance).BuildAsync(Request(first, "scratch"), default);
        BuiltImage b = await new LayeredImageBuilder(NullBuildLog.Instance).BuildAsync(Request(second, "scratch"), default);

        await OciArchiveWriter.WriteAsync(a, Path.Combine(first, "image.tar"), ["team/api:1.0"], default);
        await OciArchiveWriter.WriteAsync(b, Path.Combine(second, "image.tar"), ["team/api:1.0"], default);

        Assert.Equal(a.Manifest.Digest, b.Manifest.Digest);
        Assert.Equal(a.Config.Digest, b.Config.Digest);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(first, "image.tar")), await File.ReadAllBytesAsync(Path.Combine(second, "image.tar")));
        Assert.Empty(a.BaseLayers);
        Assert.Equal(MediaTypes.OciManifest, a.Manifest.MediaType);
    }

    [Fact]
    public async Task AnArchiveBaseAndADockerFormatFollowTheBase()
    {
        string root = TestLayoutBuilder.CreateTemporaryDirectory("pipeline-archive");
        string baseArchive = Path.Combine(root, "base.tar");
        TarFile.CreateFromDirectory(MakeBaseLayout(root, docker: true), baseArchive, includeBaseDirectory: false);

        BuiltImage image = await new LayeredImageBuilder(NullBuildLog.Instance).BuildAsync(Request(root, $"oci-archive:{baseArchive}:10.0"), default);

        ImageManifest manifest = OciJson.Deserialize<ImageManifest>(image.ManifestBytes);
        Assert.Equal(MediaTypes.DockerManifest, manifest.MediaType);
        Assert.All(manifest.Layers, layer => Assert.Equal(MediaTypes.DockerLayerGzip, layer.MediaType));
        string layout = Path.Combine(root, "out");
        await OciLayoutWriter.WriteAsync(image, layout, ["team/api:1.0"], default);
        Assert.Empty(await ImageLayoutValidator.ValidateAsync(layout));
    }

    [Fact]
    public async Task ARegistryBaseComesFromTheFactory()
    {
        string root = TestLayoutBuilder.CreateTemporaryDirectory("pipeline-registry");
        string baseLayout = MakeBaseLayout(root);
        ImageReference? asked = null;
        var builder = new LayeredImageBuilder(NullBuildLog.Instance, reference =>
        {
            asked = reference;
            return new OciLayoutImageSource(reference.ToString(), baseLayout, "10.0");
        });

        BuiltImage image = await builder.BuildAsync(Request(root, "localhost:5000/dotnet/runtime:10.0"), default);

        Assert.Equal("localhost:5000/dotnet/runtime:10.0", asked!.ToString());
        Assert.Equal("localhost:5000/dotnet/runtime:10.0", image.Base.Name);
        Assert.Equal(2, image.BaseLayers.Count);
    }

    [Fact]
    public async Task SettingsAndRuntimeIdentifierAreCheckedFirst()
    {
        string root = TestLayoutBuilder.CreateTemporaryDirectory("pipeline-errors");
        ImageBuildRequest request = Request(root, "oci:/does/not/exist");

        var badRepository = await Assert.ThrowsAsync<ContainerizeException>(() =>
            new LayeredImageBuilder(NullBuildLog.Instance).BuildAsync(request with { Settings = request.Settings with { Repository = "Team/API" } }, default));
        var badRid = await Assert.ThrowsAsync<ContainerizeException>(() =>
            new LayeredImageBuilder(NullBuildLog.Instance).BuildAsync(request with { RuntimeIdentifier = "win-x64" }, default));
        var missingBase = await Assert.ThrowsAsync<ContainerizeException>(() =>
            new LayeredImageBuilder(NullBuildLog.Instance).BuildAsync(request, default));

        Assert.Equal(ErrorCodes.InvalidRepositoryName, badRepository.Code);
        Assert.Equal(ErrorCodes.UnsupportedRuntimeIdentifier, badRid.Code);
        Assert.Equal(ErrorCodes.BaseImageNotFound, missingBase.Code);
    }

    [Fact]
    public async Task A_layer_that_fails_while_the_base_still_resolves_cancels_the_base_and_reports_the_layer_failure()
    {
        string root = TestLayoutBuilder.CreateTemporaryDirectory("builder-layer-fails");
        string notAFolder = Path.Combine(root, "cache-is-a-file");
        File.WriteAllText(notAFolder, "");
        ImageBuildRequest request = Request(root, "registry.example/slow/base:1") with { CacheDirectory = notAFolder };
        var slow = new NeverAnsweringSource();

        var exception = await Assert.ThrowsAsync<ContainerizeException>(() => new LayeredImageBuilder(new RecordingLog(), _ => slow).BuildAsync(request, default));

        Assert.Equal(ErrorCodes.CacheUnusable, exception.Code);
        Assert.Contains(notAFolder, exception.Message, StringComparison.Ordinal);
        Assert.True(slow.WasCanceled, "the base resolve was canceled once a layer failed");
    }

    /// <summary>A registry base that never answers, until it is canceled.</summary>
    private sealed class NeverAnsweringSource : IImageSource
    {
        public bool WasCanceled { get; private set; }

        public async Task<SourceImage> ResolveAsync(Platform platform, CancellationToken cancellationToken)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                WasCanceled = true;
                throw;
            }

            throw new InvalidOperationException("unreachable");
        }
    }
}
