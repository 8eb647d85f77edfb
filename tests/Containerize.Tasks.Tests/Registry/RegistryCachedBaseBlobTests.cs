using Containerize.Oci.Errors;
using Containerize.TestSupport;
using Containerize.TestSupport.Disks;
using Containerize.TestSupport.Registry;
using Containerize.TestSupport.Samples;

namespace Containerize.Tasks.Tests.Registry;

/// <summary>
/// A registry base's blobs downloaded into the cache, then one of them damaged (a flipped byte, or truncated): the next build hashes the
/// copy before using it, downloads it again with a warning naming the file, and the archive passes skopeo and umoci.
/// </summary>
public sealed class RegistryCachedBaseBlobTests : IAsyncLifetime
{
    private DistributionRegistryServer _registry = null!;

    public async Task InitializeAsync()
    {
        _registry = await DistributionRegistryServer.StartAsync();
        await DebianBase.GetReferenceAsync();
        await RegistryTools.SeedFromOciLayoutAsync(DebianBase.LayoutDirectory, "latest", $"{_registry.Address}/dotnet/runtime-deps:10.0");
    }

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    /// <summary>A flipped byte (same size) and a truncated copy (a download cut off by a crash in older versions): both are made good.</summary>
    [Theory]
    [InlineData("flipped")]
    [InlineData("truncated")]
    public async Task A_damaged_base_blob_in_the_cache_is_downloaded_again_with_a_warning(string damage)
    {
        SampleWorkspace workspace = await SampleWorkspace.CreateAsync($"registry-cached-base-{damage}");
        string folder = Path.GetDirectoryName(workspace.Root)!;
        string cache = Path.Combine(folder, "cache");
        string[] arguments =
        [
            "-t:PublishLayeredImage", "-r", "linux-x64", "--self-contained",
            $"-p:ContainerBaseImage={_registry.Address}/dotnet/runtime-deps:10.0",
            $"-p:ContainerizeCacheDirectory={cache}",
        ];
        (await workspace.PublishAsync("ConsoleApp", [.. arguments, $"-p:ContainerArchiveOutputPath={Path.Combine(folder, "first.tar")}"])).EnsureSuccess();
        string baseLayer = Path.Combine(cache, "blobs", "sha256", DebianBaseLayers().First());
        Assert.True(File.Exists(baseLayer), "the base layer was downloaded into the cache");
        using (var file = new FileStream(baseLayer, FileMode.Open, FileAccess.ReadWrite))
        {
            if (damage == "truncated")
            {
                file.SetLength(file.Length / 3);
            }
            else
            {
                file.Position = file.Length / 2;
                int value = file.ReadByte();
                file.Position = file.Length / 2;
                file.WriteByte((byte)(value ^ 0x5A));
            }
        }

        string archive = Path.Combine(folder, "second.tar");
        ProcessResult second = await workspace.PublishAsync("ConsoleApp", [.. arguments, $"-p:ContainerArchiveOutputPath={archive}"]);

        second.EnsureSuccess();
        string warning = second.StandardOutput.Split('\n').Single(line => line.Contains($"warning {ErrorCodes.CacheEntryDamaged}:", StringComparison.Ordinal));
        Assert.Contains(baseLayer, warning, StringComparison.Ordinal);
        Assert.Contains("downloaded again", warning, StringComparison.Ordinal);
        string layout = Path.Combine(folder, "copied");
        (await ProcessRunner.RunAsync("skopeo", ["copy", $"oci-archive:{archive}", $"oci:{layout}:checked"])).EnsureSuccess();
        (await ProcessRunner.RunAsync("umoci", ["unpack", "--rootless", "--image", $"{layout}:checked", Path.Combine(folder, "bundle")])).EnsureSuccess();
    }

    [Fact]
    public async Task A_full_cache_disk_while_downloading_the_base_is_CTZ3004_at_once_never_retried_as_network_trouble()
    {
        SampleWorkspace workspace = await SampleWorkspace.CreateAsync("registry-disk-full");
        await using SmallDisk disk = await SmallDisk.MountAsync("registry-disk-full-disk", 8);
        string output = Path.Combine(Path.GetDirectoryName(workspace.Root)!, "out");

        // Framework-dependent: our layers are small and fit; the base's 25 MB layer does not.
        ProcessResult result = await workspace.PublishAsync("ConsoleApp",
        [
            "-t:PublishLayeredImage", "-v:d",
            $"-p:ContainerBaseImage={_registry.Address}/dotnet/runtime-deps:10.0",
            $"-p:ContainerizeCacheDirectory={disk.Path}",
            $"-p:ContainerArchiveOutputPath={Path.Combine(output, "image.tar")}",
        ]);

        Assert.NotEqual(0, result.ExitCode);
        string error = result.StandardOutput.Split('\n').FirstOrDefault(line => line.Contains($"error {ErrorCodes.CacheUnusable}:", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"No CTZ3004 in:\n{result.StandardOutput}");
        Assert.Contains(disk.Path, error, StringComparison.Ordinal);
        Assert.Contains(DebianBaseLayers().First(), error, StringComparison.Ordinal);
        Assert.DoesNotContain("Retrying", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(ErrorCodes.RegistryRetriesExhausted, result.StandardOutput, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any(), "no archive was begun");
        Integration.DiskFullTests.AssertOnlyCompleteBlobs(disk);
    }

    [Fact]
    public async Task A_download_from_a_throttled_registry_shows_progress_at_normal_verbosity_in_plain_lines()
    {
        await using FaultInjectingProxy proxy = await FaultInjectingProxy.StartAsync(_registry.Address);
        proxy.ThrottledBytesPerSecond = 4 * 1024 * 1024;
        proxy.Plan(new FaultRule(FaultKind.Throttled, "GET", DebianBaseLayers().First(), 1));
        SampleWorkspace workspace = await SampleWorkspace.CreateAsync("registry-progress");
        string folder = Path.GetDirectoryName(workspace.Root)!;

        ProcessResult result = await workspace.PublishAsync("ConsoleApp",
        [
            // A framework-dependent app on runtime-deps cannot start; this test is about the download's progress.
            "-t:PublishLayeredImage", "-v:n", "-p:ContainerizeRunCheck=false",
            $"-p:ContainerBaseImage={proxy.Address}/dotnet/runtime-deps:10.0",
            $"-p:ContainerizeCacheDirectory={Path.Combine(folder, "cache")}",
            $"-p:ContainerArchiveOutputPath={Path.Combine(folder, "image.tar")}",
        ]);

        result.EnsureSuccess();
        Assert.Equal(1, proxy.Injected[FaultKind.Throttled]);
        string[] progress = result.StandardOutput.Split('\n')
            .Where(line => line.Contains("Downloading base blob sha256:", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(progress);
        Assert.Contains(progress, line => System.Text.RegularExpressions.Regex.IsMatch(line, @": \d+\.\d (KiB|MiB) of 23\.8 MiB \(\d+%\), \d+(\.\d)? (B|KiB|MiB)/s"));
        Assert.Contains(progress, line => line.Contains(": done, 23.8 MiB in", StringComparison.Ordinal));
        Assert.DoesNotContain('\u001b', result.StandardOutput);
        Assert.DoesNotContain('\r', result.StandardOutput);
    }

    /// <summary>The Debian base's layer blobs (hex digests), largest first.</summary>
    private static IEnumerable<string> DebianBaseLayers()
    {
        var image = Containerize.TestSupport.Images.ExtractedImage.LoadLayout(DebianBase.LayoutDirectory);
        return image.Layers.OrderByDescending(layer => layer.Size).Select(layer => layer.Digest["sha256:".Length..]);
    }
}
