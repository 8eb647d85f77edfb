using System.Text.Json;
using Containerize.Oci.Errors;
using Containerize.TestSupport;
using Containerize.TestSupport.Samples;

namespace Containerize.Tasks.Tests.Integration;

/// <summary>
/// An Alpine-like base (musl's loader from Debian's musl package; build/make-flavour-base.sh musl). A linux-musl-x64 app
/// passes the run check and gets the right config; a linux-x64 (glibc) app is stopped. A musl .NET app cannot run on
/// this machine: Debian has no musl-built libstdc++, so the base carries glibc's copy under the name the apphost asks
/// for, which satisfies the check's lookup but not a real start. These tests therefore check and do not run.
/// </summary>
public sealed class AlpineLikeBaseTests : IClassFixture<AlpineLikeBaseTests.Fixture>
{
    private readonly Fixture _fixture;

    public AlpineLikeBaseTests(Fixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public void A_musl_app_passes_the_run_check_and_has_the_right_config()
    {
        PublishedImage published = _fixture.Musl;
        JsonElement config = published.Image.Config.GetProperty("config");

        Assert.Contains("Run check: /app/ConsoleApp (x86-64) finds its loader /lib/ld-musl-x86_64.so.1", published.Log, StringComparison.Ordinal);
        Assert.Equal(["/app/ConsoleApp"], config.GetProperty("Entrypoint").EnumerateArray().Select(value => value.GetString()));
        Assert.Equal("1654", config.GetProperty("User").GetString());
        Assert.Equal("/app", config.GetProperty("WorkingDir").GetString());
        Assert.Equal("amd64", published.Image.Config.GetProperty("architecture").GetString());
        Assert.Contains("8080/tcp", config.GetProperty("ExposedPorts").EnumerateObject().Select(port => port.Name));
        Assert.Contains("/app/libcoreclr.so", published.Layer("runtime")!.FilePaths);
    }

    [Fact]
    public async Task A_glibc_app_on_it_is_stopped_with_CTZ2205_and_no_archive_is_left()
    {
        string output = RepositoryPaths.CreateWorkDirectory("alpine-stopped");
        ProcessResult result = await _fixture.Workspace.PublishAsync(
            "ConsoleApp",
            ["-t:PublishLayeredImage", "-r", "linux-x64", "--self-contained", $"-p:ContainerBaseImage={_fixture.BaseImage}", $"-p:ContainerArchiveOutputPath={Path.Combine(output, "image.tar")}"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"error {ErrorCodes.RunCheckGlibcOnMusl}:", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("/lib64/ld-linux-x86-64.so.2", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("linux-musl-x64", result.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(output));
    }

    /// <summary>samples/ConsoleApp published self-contained for linux-musl-x64 on the Alpine-like base, once.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public PublishedImage Musl { get; private set; } = null!;

        public SampleWorkspace Workspace { get; private set; } = null!;

        public string BaseImage { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            BaseImage = await FlavourBase.GetMuslReferenceAsync();
            Workspace = await SampleWorkspace.CreateAsync("alpine-like");
            Musl = await PublishedImage.PublishAsync(Workspace, "ConsoleApp", "musl", "-r", "linux-musl-x64", "--self-contained", $"-p:ContainerBaseImage={BaseImage}");
        }

        public Task DisposeAsync() => Task.CompletedTask;
    }
}
