using System.Formats.Tar;
using System.Text.Json.Nodes;
using Containerize.Oci.Building;
using Containerize.Oci.Destinations;
using Containerize.Oci.Logging;
using Containerize.Oci.Model;
using Containerize.Oci.Planning;
using Containerize.Oci.Tests.Sources;
using Containerize.TestSupport;

namespace Containerize.Oci.Tests.Building;

/// <summary>
/// Runs a built image with crun, the way machine-facts.md describes: a base made of this machine's <c>cat</c> and
/// libc, our app layer, and the config's entrypoint, working directory, user and environment applied by the runtime.
/// </summary>
public sealed class ImageRunTests
{
    [Fact]
    public async Task TheImageRunsWithItsEntrypointWorkingDirectoryAndUser()
    {
        string root = TestLayoutBuilder.CreateTemporaryDirectory("run");
        var layout = new TestLayoutBuilder(Path.Combine(root, "base"));
        TestLayer runtime = TestLayer.FromHostFiles(
            ("usr/bin/cat", "/usr/bin/cat"),
            ("usr/bin/id", "/usr/bin/id"),
            ("lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libc.so.6"),
            ("lib64/ld-linux-x86-64.so.2", "/lib64/ld-linux-x86-64.so.2"));
        layout.WriteIndex((layout.AddImage([.. TestLayoutBuilder.PasswdLayers(), runtime], TestLayoutBuilder.Amd64), "base"));
        string publish = Path.Combine(root, "publish");
        Directory.CreateDirectory(publish);
        await File.WriteAllTextAsync(Path.Combine(publish, "greeting.txt"), "hello from the app layer\n");
        var request = new ImageBuildRequest
        {
            BaseImage = $"oci:{layout.Directory}:base",
            RuntimeIdentifier = "linux-x64",
            Layers = new LayerPlanRequest { PublishedFiles = [new PublishedFile { SourcePath = Path.Combine(publish, "greeting.txt"), RelativePath = "greeting.txt" }] },
            Settings = new ImageSettings { Repository = "team/run", User = "app", Entrypoint = ["/usr/bin/cat"], Cmd = ["greeting.txt"] },
            WorkDirectory = Path.Combine(root, "work"),
        };

        BuiltImage image = await new LayeredImageBuilder(NullBuildLog.Instance).BuildAsync(request, default);
        string archive = Path.Combine(root, "image.tar");
        await OciArchiveWriter.WriteAsync(image, archive, ["team/run:1"], default);
        string unpacked = Path.Combine(root, "layout");
        Directory.CreateDirectory(unpacked);
        await TarFile.ExtractToDirectoryAsync(archive, unpacked, overwriteFiles: false);
        string bundle = Path.Combine(root, "bundle");
        (await ProcessRunner.RunAsync("umoci", ["unpack", "--image", $"{unpacked}:1", bundle])).EnsureSuccess();
        string configPath = Path.Combine(bundle, "config.json");
        JsonNode runtimeConfig = JsonNode.Parse(await File.ReadAllTextAsync(configPath))!;
        runtimeConfig["process"]!["terminal"] = false;
        await File.WriteAllTextAsync(configPath, runtimeConfig.ToJsonString());

        string container = "ctz-" + Guid.NewGuid().ToString("N")[..12];
        ProcessResult run = await ProcessRunner.RunAsync(
            "unshare",
            ["-m", "--propagation", "private", "sh", "-c", $"umount /sys/fs/cgroup/unified 2>/dev/null; exec crun run -b '{bundle}' {container}"],
            timeout: TimeSpan.FromMinutes(2));

        run.EnsureSuccess();
        Assert.Equal("hello from the app layer\n", run.StandardOutput);
        Assert.Equal(1654, runtimeConfig["process"]!["user"]!["uid"]!.GetValue<int>());
        Assert.Equal("/app", runtimeConfig["process"]!["cwd"]!.GetValue<string>());
    }
}
