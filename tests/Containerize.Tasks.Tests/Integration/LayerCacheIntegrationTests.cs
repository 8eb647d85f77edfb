using System.Text.Json;
using Containerize.TestSupport;
using Containerize.TestSupport.Samples;

namespace Containerize.Tasks.Tests.Integration;

/// <summary>The machine-wide layer cache seen through real `dotnet publish` runs.</summary>
public sealed class LayerCacheIntegrationTests
{
    private static readonly string[] s_selfContained = ["-r", "linux-x64", "--self-contained", "-p:ContainerBaseImage=scratch", "-p:ContainerizeRunCheck=false"];

    [Fact]
    public async Task A_rebuild_with_nothing_changed_takes_every_layer_from_the_cache_and_one_core_gives_the_same_digest()
    {
        SampleWorkspace workspace = await SampleWorkspace.CreateAsync("cache-rebuild");

        PublishedImage first = await PublishedImage.PublishAsync(workspace, "ConsoleApp", "first", s_selfContained);
        PublishedImage second = await PublishedImage.PublishAsync(workspace, "ConsoleApp", "second", s_selfContained);

        Assert.Equal(new Dictionary<string, string> { ["scratch-files"] = "built", ["runtime"] = "built", ["app"] = "built" }, LayerTableLog.Made(first.Log));
        Assert.Equal(new Dictionary<string, string> { ["scratch-files"] = "cached", ["runtime"] = "cached", ["app"] = "cached" }, LayerTableLog.Made(second.Log));
        Assert.Equal(first.ImageDigest, second.ImageDigest);
        Assert.Equal(first.Image.Layers.Select(layer => layer.Digest), second.Image.Layers.Select(layer => layer.Digest));

        // The same layers from an empty cache on one core: parallel compression changes no byte.
        string oneCoreCache = Path.Combine(Path.GetDirectoryName(workspace.Root)!, "one-core-cache");
        ProcessResult oneCore = await workspace.DotnetAsync(
            ["publish", workspace.ProjectDirectory("ConsoleApp"), "-nologo", "-t:PublishLayeredImage", "-getProperty:ContainerImageDigest",
                $"-p:ContainerizeCacheDirectory={oneCoreCache}", $"-p:ContainerArchiveOutputPath={Path.Combine(oneCoreCache, "one-core.tar")}", .. s_selfContained],
            new Dictionary<string, string?> { ["DOTNET_PROCESSOR_COUNT"] = "1" });
        oneCore.EnsureSuccess();
        Assert.Equal(first.ImageDigest, oneCore.StandardOutput.Trim());
    }

    [Fact]
    public async Task Two_publishes_at_once_on_one_cache_both_succeed_and_file_each_layer_once()
    {
        // Two clones (each its own git repository, as CI has), so their folders do not reach the app layer.
        SampleWorkspace left = await SampleWorkspace.CreateCloneAsync("cache-concurrent-left");
        SampleWorkspace right = await SampleWorkspace.CreateCloneAsync("cache-concurrent-right");
        string cache = Path.Combine(Path.GetDirectoryName(left.Root)!, "shared-cache");
        string[] arguments = [.. s_selfContained, $"-p:ContainerizeCacheDirectory={cache}"];

        PublishedImage[] images = await Task.WhenAll(
            PublishedImage.PublishAsync(left, "ConsoleApp", "left", arguments),
            PublishedImage.PublishAsync(right, "ConsoleApp", "right", arguments));

        Assert.Equal(images[0].ImageDigest, images[1].ImageDigest);
        string[] entries = Directory.GetFiles(Path.Combine(cache, "layers-v1"));
        Assert.Equal(3, entries.Length); // scratch-files, runtime, app
        foreach (string entry in entries)
        {
            using JsonDocument document = JsonDocument.Parse(await File.ReadAllBytesAsync(entry));
            string digest = document.RootElement.GetProperty("Digest").GetString()!;
            Assert.Contains(images[0].Image.Layers, layer => layer.Digest == digest);
        }

        Assert.Empty(Directory.GetFiles(Path.Combine(cache, "blobs", "tmp")));
    }

    [Fact]
    public async Task The_clean_target_empties_the_cache_and_the_next_build_builds_again()
    {
        SampleWorkspace workspace = await SampleWorkspace.CreateAsync("cache-clean");
        await PublishedImage.PublishAsync(workspace, "ConsoleApp", "before", "-p:ContainerBaseImage=scratch", "-p:ContainerizeRunCheck=false");
        string cache = Path.Combine(workspace.DefaultCacheHome, "containerize");
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(cache, "layers-v1")));

        ProcessResult clean = await workspace.DotnetAsync(["msbuild", workspace.ProjectDirectory("ConsoleApp"), "-nologo", "-restore", "-t:ContainerizeCleanCache"]);
        clean.EnsureSuccess();
        PublishedImage after = await PublishedImage.PublishAsync(workspace, "ConsoleApp", "after", "-p:ContainerBaseImage=scratch", "-p:ContainerizeRunCheck=false");

        Assert.Contains("Layer cache emptied", clean.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("built", LayerTableLog.Made(after.Log)["app"]);
    }
}
