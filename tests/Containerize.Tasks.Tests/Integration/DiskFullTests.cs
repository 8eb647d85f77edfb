using System.Security.Cryptography;
using Containerize.Oci.Errors;
using Containerize.TestSupport;
using Containerize.TestSupport.Disks;
using Containerize.TestSupport.Samples;

namespace Containerize.Tasks.Tests.Integration;

/// <summary>
/// A full disk under the cache or under the output, made real with a small tmpfs, through `dotnet publish`: the build
/// fails at once with the CTZ3xxx code naming the folder (never "the network is having trouble"), and leaves nothing
/// partial behind: no temporary file, no half archive, only complete blobs.
/// </summary>
public sealed class DiskFullTests
{
    // scratch has no loader for the apphost, so the run check would stop the build first; these tests are about the disk.
    private static readonly string[] s_selfContained = ["-r", "linux-x64", "--self-contained", "-p:ContainerBaseImage=scratch", "-p:ContainerizeRunCheck=false"];

    [Fact]
    public async Task A_full_cache_disk_is_CTZ3004_naming_the_cache_and_leaves_only_complete_blobs()
    {
        SampleWorkspace workspace = await SampleWorkspace.CreateAsync("disk-full-cache");
        await using SmallDisk disk = await SmallDisk.MountAsync("disk-full-cache-disk", 8);
        string output = Path.Combine(Path.GetDirectoryName(workspace.Root)!, "out");

        ProcessResult result = await workspace.PublishAsync("ConsoleApp",
            ["-t:PublishLayeredImage", .. s_selfContained, $"-p:ContainerizeCacheDirectory={disk.Path}", $"-p:ContainerArchiveOutputPath={Path.Combine(output, "image.tar")}"]);

        string error = ErrorLine(result, ErrorCodes.CacheUnusable);
        Assert.Contains(disk.Path, error, StringComparison.Ordinal);
        Assert.DoesNotContain("network", error, StringComparison.OrdinalIgnoreCase);
        Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any(), "no archive was begun");
        AssertOnlyCompleteBlobs(disk);
    }

    [Fact]
    public async Task A_full_output_disk_is_CTZ3001_naming_the_archive_and_leaves_nothing_there()
    {
        SampleWorkspace workspace = await SampleWorkspace.CreateAsync("disk-full-output");
        await using SmallDisk disk = await SmallDisk.MountAsync("disk-full-output-disk", 8);
        string archive = Path.Combine(disk.Path, "image.tar");

        ProcessResult result = await workspace.PublishAsync("ConsoleApp", ["-t:PublishLayeredImage", .. s_selfContained, $"-p:ContainerArchiveOutputPath={archive}"]);

        string error = ErrorLine(result, ErrorCodes.OutputWriteFailed);
        Assert.Contains(archive, error, StringComparison.Ordinal);
        Assert.Empty(disk.Files);
    }

    [Fact]
    public async Task An_archive_path_under_an_existing_file_is_CTZ3001_naming_it_not_an_internal_error()
    {
        SampleWorkspace workspace = await SampleWorkspace.CreateAsync("archive-under-file");
        string file = Path.Combine(Path.GetDirectoryName(workspace.Root)!, "a-file");
        await File.WriteAllTextAsync(file, "not a folder");
        string archive = Path.Combine(file, "image.tar");

        ProcessResult result = await workspace.PublishAsync("ConsoleApp", ["-t:PublishLayeredImage", "-p:ContainerBaseImage=scratch", "-p:ContainerizeRunCheck=false", $"-p:ContainerArchiveOutputPath={archive}"]);

        string error = ErrorLine(result, ErrorCodes.OutputWriteFailed);
        Assert.Contains(archive, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("not a folder", await File.ReadAllTextAsync(file));
    }

    private static string ErrorLine(ProcessResult result, string code)
    {
        Assert.NotEqual(0, result.ExitCode);
        Assert.DoesNotContain($"error {ErrorCodes.Internal}", result.StandardOutput, StringComparison.Ordinal);
        return result.StandardOutput.Split('\n').FirstOrDefault(line => line.Contains($"error {code}:", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"No 'error {code}:' in the output:\n{result.StandardOutput}");
    }

    /// <summary>No temporary file stayed: every cache entry is whole JSON, every blob hashes to its name, lock files are empty.</summary>
    internal static void AssertOnlyCompleteBlobs(SmallDisk disk)
    {
        foreach (string file in disk.Files)
        {
            string relative = Path.GetRelativePath(disk.Path, file).Replace('\\', '/');
            if (relative.StartsWith("layers-v1/", StringComparison.Ordinal))
            {
                using var entry = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(file));
                continue;
            }

            if (relative.StartsWith("locks/", StringComparison.Ordinal))
            {
                Assert.Equal(0, new FileInfo(file).Length); // a parallel build's lock: empty by design
                continue;
            }

            Assert.StartsWith("blobs/sha256/", relative, StringComparison.Ordinal);
            using FileStream stream = File.OpenRead(file);
            Assert.Equal(Path.GetFileName(file), Convert.ToHexStringLower(SHA256.HashData(stream)));
        }
    }
}
