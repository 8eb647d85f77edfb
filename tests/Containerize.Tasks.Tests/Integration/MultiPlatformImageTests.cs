using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using Containerize.Oci.Inspection;
using Containerize.TestSupport;
using Containerize.TestSupport.Images;
using Containerize.TestSupport.Registry;
using Containerize.TestSupport.Samples;

namespace Containerize.Tasks.Tests.Integration;

/// <summary>
/// ContainerRuntimeIdentifiers linux-x64 and linux-arm64: each RID is published, one OCI image each, and an OCI index
/// over them is pushed to the real registry (read back by skopeo inspect --raw) and written to the archive. The
/// linux-x64 image runs; the arm64 one holds an AArch64 apphost. The base is <see cref="TwoPlatformBase"/>, whose arm64
/// image is not a real arm64 root, so the run check is off here (it has its own tests).
/// </summary>
public sealed class MultiPlatformImageTests : IClassFixture<DistributionRegistryFixture>
{
    private readonly DistributionRegistryServer _registry;

    public MultiPlatformImageTests(DistributionRegistryFixture registry)
    {
        _registry = registry.Server;
    }

    [Fact]
    public async Task Two_RIDs_give_an_index_that_is_pushed_archived_and_whose_images_are_right_for_their_platforms()
    {
        string baseImage = await TwoPlatformBase.GetReferenceAsync();
        SampleWorkspace workspace = await SampleWorkspace.CreateAsync("multi-platform");
        string archive = Path.Combine(RepositoryPaths.CreateWorkDirectory("multi-platform-out"), "multi.tar");

        PublishRun run = await PublishRun.RunAsync(
            workspace, "ConsoleApp", "multi", ["ContainerImageDigest", "ContainerImageDigestReference"], ["ContainerLayer"],
            "-p:RuntimeIdentifiers=\"linux-x64;linux-arm64\"", "-p:ContainerRuntimeIdentifiers=\"linux-x64;linux-arm64\"", "-p:SelfContained=true",
            $"-p:ContainerBaseImage={baseImage}", "-p:ContainerizeRunCheck=false", $"-p:ContainerRegistry={_registry.Address}",
            "-p:ContainerRepository=multi/console", $"-p:ContainerArchiveOutputPath={archive}");
        run.Result.EnsureSuccess();

        // The registry holds the index under the tag, with both platforms' OCI manifests.
        ProcessResult raw = (await ProcessRunner.RunAsync("skopeo", ["inspect", "--raw", "--tls-verify=false", $"docker://{_registry.Address}/multi/console:latest"])).EnsureSuccess();
        using JsonDocument index = JsonDocument.Parse(raw.StandardOutput);
        JsonElement[] manifests = index.RootElement.GetProperty("manifests").EnumerateArray().ToArray();
        Assert.Equal("application/vnd.oci.image.index.v1+json", index.RootElement.GetProperty("mediaType").GetString());
        ProcessResult byDigest = (await ProcessRunner.RunAsync("skopeo", ["inspect", "--raw", "--tls-verify=false", $"docker://{_registry.Address}/multi/console@{run.Property("ContainerImageDigest")}"])).EnsureSuccess();
        Assert.Equal(raw.StandardOutput, byDigest.StandardOutput);
        Assert.Equal(["amd64", "arm64"], manifests.Select(entry => entry.GetProperty("platform").GetProperty("architecture").GetString()));
        Assert.All(manifests, entry => Assert.Equal("application/vnd.oci.image.manifest.v1+json", entry.GetProperty("mediaType").GetString()));

        // Each image has its own runtime layer; the layer items say which platform they belong to.
        JsonElement[] runtimes = run.Items("ContainerLayer").Where(item => item.GetProperty("Identity").GetString() == "runtime").ToArray();
        Assert.Equal(["linux/amd64", "linux/arm64/v8"], runtimes.Select(item => item.GetProperty("Platform").GetString()));
        Assert.NotEqual(runtimes[0].GetProperty("Digest").GetString(), runtimes[1].GetProperty("Digest").GetString());

        // The archive holds the index too.
        string extracted = RepositoryPaths.CreateWorkDirectory("multi-platform-archive");
        TarFile.ExtractToDirectory(archive, extracted, overwriteFiles: false);
        using JsonDocument archiveIndex = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(extracted, "index.json")));
        Assert.Equal(run.Property("ContainerImageDigest"), archiveIndex.RootElement.GetProperty("manifests")[0].GetProperty("digest").GetString());

        // The linux-x64 image, pulled from the registry, runs here.
        string amd64 = await RegistryTools.CopyToOciLayoutAsync($"{_registry.Address}/multi/console:latest");
        ProcessResult started = await ContainerRunner.RunAsync(amd64, Path.Combine(RepositoryPaths.CreateWorkDirectory("multi-platform-run"), "bundle"));
        started.EnsureSuccess();
        Assert.Contains("Hello from a layered image!", started.StandardOutput, StringComparison.Ordinal);

        // The arm64 image's entry executable is an AArch64 ELF.
        string arm64 = RepositoryPaths.CreateWorkDirectory("multi-platform-arm64");
        (await ProcessRunner.RunAsync("skopeo", ["copy", "--quiet", "--src-tls-verify=false", "--override-arch", "arm64", "--override-variant", "v8", $"docker://{_registry.Address}/multi/console:latest", $"oci:{arm64}:pulled"])).EnsureSuccess();
        ExtractedImage arm64Image = ExtractedImage.LoadLayout(arm64);
        Assert.Equal("arm64", arm64Image.Config.GetProperty("architecture").GetString());
        Assert.Equal("arm64", ElfMachines.Architecture(ReadFile(arm64Image, "/app/ConsoleApp", Path.Combine(arm64, "ConsoleApp"))));
    }

    /// <summary>Extracts one file from the topmost layer that has it and reads it as ELF.</summary>
    private static ElfFile ReadFile(ExtractedImage image, string path, string destination)
    {
        LayerContent layer = image.Layers.Last(candidate => candidate.FilePaths.Contains(path));
        using FileStream blob = File.OpenRead(ExtractedImage.BlobPath(image.LayoutDirectory, layer.Digest));
        using var tar = new TarReader(new GZipStream(blob, CompressionMode.Decompress));
        while (tar.GetNextEntry() is { } entry)
        {
            if ("/" + entry.Name.TrimStart('.').Trim('/') == path)
            {
                entry.ExtractToFile(destination, overwrite: true);
                return ElfFile.TryRead(destination)!;
            }
        }

        throw new Xunit.Sdk.XunitException($"{path} is not in layer {layer.Digest}.");
    }
}
