using System.Text.Json;
using Containerize.Oci.Errors;
using Containerize.TestSupport;
using Containerize.TestSupport.Images;

namespace Containerize.Tasks.Tests.Integration;

/// <summary>
/// scratch done right: a static Native AOT app is an image of a few MB that starts in an empty root as its non-root
/// user; an app that cannot start there is stopped by the run check before any archive is written.
/// </summary>
public sealed class ScratchImageTests : IClassFixture<ScratchImageFixture>
{
    private readonly ScratchImageFixture _fixture;

    public ScratchImageTests(ScratchImageFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public void The_static_AOT_image_holds_only_the_minimal_files_and_the_native_binary_as_entrypoint()
    {
        PublishedImage published = _fixture.Published;
        JsonElement config = published.Image.Config.GetProperty("config");

        Assert.Equal(["scratch-files", "app"], published.LayerItems.Select(item => item.GetProperty("Identity").GetString()));
        Assert.Equal(["/app/AotApp"], config.GetProperty("Entrypoint").EnumerateArray().Select(value => value.GetString()));
        Assert.Equal("1654", config.GetProperty("User").GetString());
        Assert.Equal(["/etc", "/etc/group", "/etc/passwd", "/home", "/home/app", "/tmp"], published.Layer("scratch-files")!.Entries.Select(entry => entry.Path));
        Assert.Equal(["/app", "/app/AotApp"], published.Layer("app")!.Entries.Select(entry => entry.Path));
        LayerFile temporary = published.Layer("scratch-files")!.Entries.Single(entry => entry.Path == "/tmp");
        Assert.Equal((UnixFileMode)0b1_111_111_111, temporary.Mode);
        LayerFile home = published.Layer("scratch-files")!.Entries.Single(entry => entry.Path == "/home/app");
        Assert.Equal((1654, 1654), (home.UserId, home.GroupId));

        long size = published.LayerItems.Sum(item => long.Parse(item.GetProperty("Size").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(size, 500_000, 5_000_000);
        Assert.Contains("static x86-64 executable", published.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task It_runs_from_the_unpacked_image_with_nothing_else_in_it_as_uid_and_gid_1654()
    {
        string bundle = Path.Combine(RepositoryPaths.CreateWorkDirectory("scratch-run"), "bundle");

        ProcessResult run = await ContainerRunner.RunAsync(_fixture.Published.Image.LayoutDirectory, bundle);

        run.EnsureSuccess();
        Assert.Contains("Hello from a static AOT image!", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("uid 1654 gid 1654", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("/tmp writable: True", run.StandardOutput, StringComparison.Ordinal);
        // crun adds mount points (proc, dev, sys) to the root when it runs; no C library or shell was ever there.
        string[] rootEntries = Directory.GetFileSystemEntries(Path.Combine(bundle, "rootfs")).Select(path => Path.GetFileName(path)!).ToArray();
        Assert.Subset(rootEntries.ToHashSet(), new HashSet<string> { "app", "etc", "home", "tmp" });
        Assert.DoesNotContain(rootEntries, name => name is "usr" or "lib" or "lib64" or "bin");
    }

    [Fact]
    public async Task A_self_contained_dynamically_linked_app_on_scratch_is_stopped_with_CTZ2204_and_no_archive_is_left()
    {
        (ProcessResult result, string output) = await PublishAsync("ConsoleApp", "-r", "linux-x64", "--self-contained");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"error {ErrorCodes.RunCheckDynamicOnScratch}:", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("/app/ConsoleApp is dynamically linked", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("StaticExecutable=true", result.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(output));
    }

    [Fact]
    public async Task A_framework_dependent_app_on_scratch_is_stopped_with_CTZ2209_unless_the_check_is_off()
    {
        (ProcessResult stopped, string stoppedOutput) = await PublishAsync("ConsoleApp");
        (ProcessResult withoutCheck, string withoutCheckOutput) = await PublishAsync("ConsoleApp", "-p:ContainerizeRunCheck=false");

        Assert.Contains($"error {ErrorCodes.RunCheckDotnetMissing}:", stopped.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(stoppedOutput));
        withoutCheck.EnsureSuccess();
        Assert.True(File.Exists(Path.Combine(withoutCheckOutput, "image.tar")));
    }

    private async Task<(ProcessResult Result, string Output)> PublishAsync(string sample, params string[] arguments)
    {
        string output = RepositoryPaths.CreateWorkDirectory("scratch-stopped");
        ProcessResult result = await _fixture.Workspace.PublishAsync(
            sample,
            ["-t:PublishLayeredImage", "-p:ContainerBaseImage=scratch", $"-p:ContainerArchiveOutputPath={Path.Combine(output, "image.tar")}", .. arguments]);
        return (result, output);
    }
}
