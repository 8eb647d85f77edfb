using System.Formats.Tar;
using System.Text.Json;
using Containerize.Oci.Errors;
using Containerize.TestSupport;
using Containerize.TestSupport.Samples;

namespace Containerize.Tasks.Tests.Integration;

/// <summary>
/// One flipped byte (same size) in a blob, wherever it is, through real `dotnet publish`: in a user's oci: folder or
/// oci-archive: file the build fails with CTZ3003 naming the file and leaves no archive; in the cache the copy is
/// replaced with a warning, and what comes out passes skopeo's digest checks and umoci.
/// </summary>
public sealed class CorruptBlobTests
{
    private static readonly string[] s_selfContained = ["-r", "linux-x64", "--self-contained"];

    [Fact]
    public async Task A_flipped_byte_in_a_layer_of_an_oci_base_fails_with_CTZ3003_naming_the_file_and_writes_nothing()
    {
        SampleWorkspace workspace = await SampleWorkspace.CreateAsync("corrupt-oci-base");
        string layout = await CopyBaseAsync(workspace, "base");
        string layer = FlipByteInLargestLayer(layout);
        string output = Path.Combine(Path.GetDirectoryName(workspace.Root)!, "corrupt-out");

        ProcessResult result = await PublishAsync(workspace, $"oci:{layout}:latest", Path.Combine(output, "image.tar"));

        AssertFailedWith(result, ErrorCodes.BlobCorrupt, layer);
        Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any(), "nothing is written to the output folder");
    }

    [Fact]
    public async Task A_flipped_byte_in_an_oci_archive_base_fails_and_the_same_size_and_time_good_archive_then_builds_a_valid_image()
    {
        SampleWorkspace workspace = await SampleWorkspace.CreateAsync("corrupt-oci-archive");
        string good = await CopyBaseAsync(workspace, "good");
        string bad = await CopyBaseAsync(workspace, "bad");
        string layer = FlipByteInLargestLayer(bad);
        string folder = Path.GetDirectoryName(workspace.Root)!;
        string archive = Path.Combine(folder, "base.tar");
        string goodArchive = Path.Combine(folder, "good-base.tar");
        TarFile.CreateFromDirectory(bad, archive, includeBaseDirectory: false);
        TarFile.CreateFromDirectory(good, goodArchive, includeBaseDirectory: false);
        DateTime time = File.GetLastWriteTimeUtc(archive);
        string output = Path.Combine(folder, "archive-out");

        ProcessResult failed = await PublishAsync(workspace, $"oci-archive:{archive}:latest", Path.Combine(output, "image.tar"));
        AssertFailedWith(failed, ErrorCodes.BlobCorrupt, archive);
        Assert.Contains(Path.GetFileName(layer), failed.StandardOutput, StringComparison.Ordinal);

        // The good archive in its place, with the same size and time: it must be read, not an old copy of the bad one.
        Assert.Equal(new FileInfo(archive).Length, new FileInfo(goodArchive).Length);
        File.Copy(goodArchive, archive, overwrite: true);
        File.SetLastWriteTimeUtc(archive, time);
        ProcessResult fixedBase = await PublishAsync(workspace, $"oci-archive:{archive}:latest", Path.Combine(output, "image.tar"));
        fixedBase.EnsureSuccess();
        await AssertValidImageAsync(Path.Combine(output, "image.tar"), Path.Combine(folder, "check"));
    }

    [Fact]
    public async Task A_flipped_byte_in_a_cached_layer_is_replaced_with_a_warning_and_the_image_is_valid()
    {
        SampleWorkspace workspace = await SampleWorkspace.CreateAsync("corrupt-cache");
        string baseImage = await DebianBase.GetReferenceAsync();
        string folder = Path.GetDirectoryName(workspace.Root)!;
        string cache = Path.Combine(folder, "cache");
        (await PublishAsync(workspace, baseImage, Path.Combine(folder, "first.tar"), $"-p:ContainerizeCacheDirectory={cache}")).EnsureSuccess();
        string blob = Directory.GetFiles(Path.Combine(cache, "blobs", "sha256")).OrderByDescending(file => new FileInfo(file).Length).First();
        FlipByte(blob);

        ProcessResult second = await PublishAsync(workspace, baseImage, Path.Combine(folder, "second.tar"), $"-p:ContainerizeCacheDirectory={cache}");

        second.EnsureSuccess();
        string warning = second.StandardOutput.Split('\n').Single(line => line.Contains($"warning {ErrorCodes.CacheEntryDamaged}:", StringComparison.Ordinal));
        Assert.Contains(blob, warning, StringComparison.Ordinal);
        await AssertValidImageAsync(Path.Combine(folder, "second.tar"), Path.Combine(folder, "check"));
    }

    private static Task<ProcessResult> PublishAsync(SampleWorkspace workspace, string baseImage, string archive, params string[] extra) =>
        workspace.PublishAsync("ConsoleApp", ["-t:PublishLayeredImage", .. s_selfContained, $"-p:ContainerBaseImage={baseImage}", $"-p:ContainerArchiveOutputPath={archive}", .. extra]);

    private static void AssertFailedWith(ProcessResult result, string code, string named)
    {
        Assert.NotEqual(0, result.ExitCode);
        string line = result.StandardOutput.Split('\n').FirstOrDefault(line => line.Contains($"error {code}:", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"No 'error {code}:' in the output:\n{result.StandardOutput}");
        Assert.Contains(named, line, StringComparison.Ordinal);
        Assert.Contains("copy it again", line, StringComparison.Ordinal);
    }

    /// <summary>skopeo re-hashes every blob when it copies; umoci unpacks every layer.</summary>
    private static async Task AssertValidImageAsync(string archive, string work)
    {
        Directory.CreateDirectory(work);
        string layout = Path.Combine(work, "copied");
        (await ProcessRunner.RunAsync("skopeo", ["copy", $"oci-archive:{archive}", $"oci:{layout}:checked"])).EnsureSuccess();
        (await ProcessRunner.RunAsync("umoci", ["unpack", "--rootless", "--image", $"{layout}:checked", Path.Combine(work, "bundle")])).EnsureSuccess();
    }

    private static async Task<string> CopyBaseAsync(SampleWorkspace workspace, string name)
    {
        await DebianBase.GetReferenceAsync();
        string copy = Path.Combine(Path.GetDirectoryName(workspace.Root)!, name);
        CopyDirectory(DebianBase.LayoutDirectory, copy);
        return copy;
    }

    /// <summary>Flips one byte in the middle of the layout's largest layer blob; returns the blob's path.</summary>
    private static string FlipByteInLargestLayer(string layout)
    {
        using JsonDocument index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(layout, "index.json")));
        string manifestDigest = index.RootElement.GetProperty("manifests")[0].GetProperty("digest").GetString()!;
        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllBytes(BlobPath(layout, manifestDigest)));
        string largest = manifest.RootElement.GetProperty("layers").EnumerateArray()
            .OrderByDescending(layer => layer.GetProperty("size").GetInt64())
            .First().GetProperty("digest").GetString()!;
        string path = BlobPath(layout, largest);
        FlipByte(path);
        return path;
    }

    private static void FlipByte(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = file.Length / 2;
        int value = file.ReadByte();
        file.Position = file.Length / 2;
        file.WriteByte((byte)(value ^ 0x5A));
    }

    private static string BlobPath(string layout, string digest) => Path.Combine(layout, "blobs", "sha256", digest["sha256:".Length..]);

    private static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (string file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
