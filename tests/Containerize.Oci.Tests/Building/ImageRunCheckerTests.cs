using Containerize.Oci.Building;
using Containerize.Oci.Errors;
using Containerize.Oci.Inspection;
using Containerize.Oci.Planning;
using Containerize.Oci.Storage;
using Containerize.Oci.Tests.Sources;

namespace Containerize.Oci.Tests.Building;

/// <summary>
/// The run check inside the pipeline: it stops a build before any destination, reads each base layer once and then
/// only the file-list cache, and can be turned off.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ImageRunCheckerTests
{
    [Fact]
    public async Task A_glibc_app_on_a_musl_layout_base_is_stopped_before_anything_is_written()
    {
        string root = TestLayoutBuilder.CreateTemporaryDirectory("run-check-musl");
        ImageBuildRequest request = Request(root, MuslLikeBase(root));

        ContainerizeException error = await Assert.ThrowsAsync<ContainerizeException>(() => new LayeredImageBuilder(new LayerCacheTests.RecordingLog()).BuildAsync(request, default));

        Assert.Equal(ErrorCodes.RunCheckGlibcOnMusl, error.Code);
        Assert.Contains("/app/App", error.Message, StringComparison.Ordinal);
        BuiltImage withoutCheck = await new LayeredImageBuilder(new LayerCacheTests.RecordingLog()).BuildAsync(request with { RunCheck = false }, default);
        Assert.NotNull(withoutCheck.Manifest);
    }

    [Fact]
    public async Task Base_layers_are_read_once_then_their_file_lists_come_from_the_cache_which_trim_and_clear_know()
    {
        string root = TestLayoutBuilder.CreateTemporaryDirectory("run-check-cache");
        string layout = GlibcLikeBase(root);
        var first = new InfoLog();
        var second = new InfoLog();

        await new LayeredImageBuilder(first).BuildAsync(Request(root, layout), default);
        await new LayeredImageBuilder(second).BuildAsync(Request(root, layout), default);

        Assert.Contains(first.Lines, line => line.Contains("finds its loader /lib64/ld-linux-x86-64.so.2", StringComparison.Ordinal) && line.Contains("1 read from their layers, 0 from the cache", StringComparison.Ordinal));
        Assert.Contains(second.Lines, line => line.Contains("0 read from their layers, 1 from the cache", StringComparison.Ordinal));
        string lists = Path.Combine(root, "cache", LayerFileListCache.FolderName);
        Assert.Single(Directory.GetFiles(lists, "*.json"));
        new LayerCache(Path.Combine(root, "cache")).Clear();
        Assert.False(Directory.Exists(lists));
    }

    /// <summary>An Alpine-shaped base: the musl loader in /lib (this machine's glibc loader's bytes stand in for it: only its name is looked at).</summary>
    private static string MuslLikeBase(string root)
    {
        var layout = new TestLayoutBuilder(Path.Combine(root, "musl-base"));
        TestLayer files = TestLayer.FromHostFiles(("lib/ld-musl-x86_64.so.1", "/lib64/ld-linux-x86-64.so.2"));
        layout.WriteIndex((layout.AddImage([files], TestLayoutBuilder.Amd64), "latest"));
        return $"oci:{layout.Directory}:latest";
    }

    /// <summary>A Debian-shaped base with what /bin/ls needs.</summary>
    private static string GlibcLikeBase(string root)
    {
        var layout = new TestLayoutBuilder(Path.Combine(root, "glibc-base"));
        TestLayer files = TestLayer.FromHostFiles(
            ("lib64/ld-linux-x86-64.so.2", "/lib64/ld-linux-x86-64.so.2"),
            ("lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libc.so.6"),
            ("lib/x86_64-linux-gnu/libselinux.so.1", "/lib/x86_64-linux-gnu/libselinux.so.1"));
        layout.WriteIndex((layout.AddImage([files], TestLayoutBuilder.Amd64), "latest"));
        return $"oci:{layout.Directory}:latest";
    }

    private static ImageBuildRequest Request(string root, string baseImage)
    {
        string publish = Directory.CreateDirectory(Path.Combine(root, "publish")).FullName;
        string app = Path.Combine(publish, "App");
        File.Copy("/bin/ls", app, overwrite: true);
        return new ImageBuildRequest
        {
            BaseImage = baseImage,
            RuntimeIdentifier = "linux-x64",
            Layers = new LayerPlanRequest { PublishedFiles = [new PublishedFile { SourcePath = app, RelativePath = "App" }] },
            Settings = new ImageSettings { Repository = "team/check", Entrypoint = ["/app/App"] },
            WorkDirectory = Path.Combine(root, "work"),
            CacheDirectory = Path.Combine(root, "cache"),
        };
    }

    private sealed class InfoLog : Logging.IBuildLog
    {
        public List<string> Lines { get; } = [];

        public void Info(string message) => Lines.Add(message);

        public void Detail(string message) { }

        public void Warning(string code, string message) => Lines.Add($"{code}: {message}");
    }
}
