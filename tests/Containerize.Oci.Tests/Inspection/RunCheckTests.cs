using Containerize.Oci.Errors;
using Containerize.Oci.Inspection;
using Containerize.Oci.Tests.Layers;

namespace Containerize.Oci.Tests.Inspection;

/// <summary>
/// The run check's verdicts for each classic mistake, on file trees shaped like real bases (a Debian glibc base, an
/// Alpine-like musl base, scratch) and real executables (<see cref="TestBinaries"/>).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RunCheckTests : IDisposable
{
    private const UnixFileMode Executable = (UnixFileMode)0b111_101_101;
    private const UnixFileMode Plain = (UnixFileMode)0b110_100_100;
    private readonly TestFolder _folder = new("run-check");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_glibc_app_on_a_glibc_base_passes_with_its_loader_and_libraries_found()
    {
        string summary = RunCheck.Check(Input(GlibcBase(), TestBinaries.Dynamic));

        Assert.Contains("finds its loader /lib64/ld-linux-x86-64.so.2", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_glibc_app_on_a_musl_base_is_stopped()
    {
        ContainerizeException error = Assert.Throws<ContainerizeException>(() => RunCheck.Check(Input(MuslBase(), TestBinaries.Dynamic)));

        Assert.Equal(ErrorCodes.RunCheckGlibcOnMusl, error.Code);
        Assert.Contains("/lib64/ld-linux-x86-64.so.2", error.Message, StringComparison.Ordinal);
        Assert.Contains("linux-musl-x64", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_musl_app_on_a_glibc_base_is_stopped_and_on_a_musl_base_passes()
    {
        string musl = TestBinaries.Musl(_folder.Root);

        ContainerizeException error = Assert.Throws<ContainerizeException>(() => RunCheck.Check(Input(GlibcBase(), musl, rid: "linux-musl-x64")));
        string summary = RunCheck.Check(Input(MuslBase(), musl, rid: "linux-musl-x64"));

        Assert.Equal(ErrorCodes.RunCheckMuslOnGlibc, error.Code);
        Assert.Contains("linux-x64", error.Hint, StringComparison.Ordinal);
        Assert.Contains(TestBinaries.MuslLoader, summary, StringComparison.Ordinal);
    }

    [Fact]
    public void An_arm64_binary_on_an_amd64_image_is_stopped()
    {
        ContainerizeException error = Assert.Throws<ContainerizeException>(() => RunCheck.Check(Input(GlibcBase(), TestBinaries.AArch64(_folder.Root))));

        Assert.Equal(ErrorCodes.RunCheckArchitectureMismatch, error.Code);
        Assert.Contains("AArch64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_scratch_a_dynamic_binary_is_stopped_and_a_static_one_passes()
    {
        ContainerizeException error = Assert.Throws<ContainerizeException>(() => RunCheck.Check(Input([], TestBinaries.Dynamic, baseIsEmpty: true)));
        string summary = RunCheck.Check(Input([], await TestBinaries.StaticAsync(_folder.Root), baseIsEmpty: true));

        Assert.Equal(ErrorCodes.RunCheckDynamicOnScratch, error.Code);
        Assert.Contains("StaticExecutable=true", error.Hint, StringComparison.Ordinal);
        Assert.Contains("static x86-64 executable", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_library_is_named_with_the_folders_searched()
    {
        ImageFileEntry[] withoutSelinux = GlibcBase().Where(entry => !entry.Path.EndsWith("libselinux.so.1", StringComparison.Ordinal)).ToArray();

        ContainerizeException error = Assert.Throws<ContainerizeException>(() => RunCheck.Check(Input(withoutSelinux, TestBinaries.Dynamic)));

        Assert.Equal(ErrorCodes.RunCheckLibraryMissing, error.Code);
        Assert.Contains("libselinux.so.1", error.Message, StringComparison.Ordinal);
        Assert.Contains("/usr/lib/x86_64-linux-gnu", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_framework_dependent_app_needs_dotnet_on_the_path()
    {
        ImageFileEntry[] runtimeBase = [.. GlibcBase(), new("/usr/share/dotnet/dotnet", ImageFileType.File, Executable), new("/usr/bin/dotnet", ImageFileType.Symlink, Executable, "../share/dotnet/dotnet")];

        string summary = RunCheck.Check(Input(runtimeBase, null, command: ["dotnet", "/app/App.dll"]));
        ContainerizeException error = Assert.Throws<ContainerizeException>(() => RunCheck.Check(Input(GlibcBase(), null, command: ["dotnet", "/app/App.dll"])));

        Assert.Contains("/usr/bin/dotnet", summary, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.RunCheckDotnetMissing, error.Code);
        Assert.Contains("SelfContained=true", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_or_non_executable_command_is_stopped()
    {
        ContainerizeException missing = Assert.Throws<ContainerizeException>(() => RunCheck.Check(Input(GlibcBase(), null, command: ["/app/Nope"])));
        ContainerizeException plain = Assert.Throws<ContainerizeException>(() => RunCheck.Check(Input(GlibcBase(), TestBinaries.Dynamic, mode: Plain)));

        Assert.Equal(ErrorCodes.RunCheckCommandMissing, missing.Code);
        Assert.Equal(ErrorCodes.RunCheckNotExecutable, plain.Code);
        Assert.Contains("0644", plain.Message, StringComparison.Ordinal);
    }

    /// <summary>What a Debian base has for /bin/ls: merged /usr, the loader, and the libraries ls needs.</summary>
    private static ImageFileEntry[] GlibcBase() =>
    [
        new("/lib", ImageFileType.Symlink, Executable, "usr/lib"),
        new("/lib64", ImageFileType.Symlink, Executable, "usr/lib64"),
        new("/usr/lib64/ld-linux-x86-64.so.2", ImageFileType.Symlink, Executable, "../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"),
        new("/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", ImageFileType.File, Executable),
        .. new[] { "libc.so.6", "libselinux.so.1", "libpcre2-8.so.0" }.Select(name => new ImageFileEntry($"/usr/lib/x86_64-linux-gnu/{name}", ImageFileType.File, Plain)),
    ];

    /// <summary>What Alpine has: the musl loader, which is also its libc, in /lib.</summary>
    private static ImageFileEntry[] MuslBase() =>
    [
        new("/lib/ld-musl-x86_64.so.1", ImageFileType.File, Executable),
        new("/lib/libc.musl-x86_64.so.1", ImageFileType.Symlink, Executable, "ld-musl-x86_64.so.1"),
        .. new[] { "libc.so.6", "libselinux.so.1", "libpcre2-8.so.0" }.Select(name => new ImageFileEntry($"/usr/lib/{name}", ImageFileType.File, Plain)),
    ];

    private static RunCheckInput Input(ImageFileEntry[] baseFiles, string? app, string rid = "linux-x64", bool baseIsEmpty = false, string[]? command = null, UnixFileMode mode = Executable)
    {
        var tree = new ImageFileTree();
        tree.Apply(new LayerFileList { Entries = baseFiles });
        var sources = new Dictionary<string, string>();
        if (app is not null)
        {
            tree.Apply(new LayerFileList { Entries = [new ImageFileEntry("/app/App", ImageFileType.File, mode)] });
            sources["/app/App"] = app;
        }

        return new RunCheckInput
        {
            Files = tree,
            Command = command ?? ["/app/App"],
            Environment = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
            Architecture = "amd64",
            BaseName = baseIsEmpty ? "scratch" : "oci:base:latest",
            BaseIsEmpty = baseIsEmpty,
            SourceFiles = sources,
            RuntimeIdentifier = rid,
        };
    }
}
