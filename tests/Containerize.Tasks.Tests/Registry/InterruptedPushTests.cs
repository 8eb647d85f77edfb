using Containerize.Tasks.Tests.Integration;
using Containerize.TestSupport;
using Containerize.TestSupport.Registry;
using Containerize.TestSupport.Samples;
using Xunit.Abstractions;

namespace Containerize.Tasks.Tests.Registry;

/// <summary>
/// A push killed with SIGKILL during the upload of its large runtime layer (which goes up in 16 MiB chunks), then run
/// again. Cut off between chunks (the proxy takes the second chunk and never forwards it), the rerun resumes from the
/// registry's offset and sends clearly less. Cut off in the middle of a chunk, Debian's docker-registry (distribution
/// 2.8) drops the session, and the rerun starts that blob over. Either way the rerun succeeds, sends less than a
/// whole push, the image passes skopeo's digest checks, and no temporary file is left anywhere.
/// </summary>
public sealed class InterruptedPushTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const long ChunkSize = 16 * 1024 * 1024;
    private DistributionRegistryServer _registry = null!;

    public async Task InitializeAsync() => _registry = await DistributionRegistryServer.StartAsync();

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    [Fact]
    public async Task A_push_killed_between_chunks_of_its_runtime_layer_resumes_from_the_registrys_offset_when_run_again()
    {
        await using FaultInjectingProxy proxy = await FaultInjectingProxy.StartAsync(_registry.Address);
        // The second chunk reaches the proxy and never the registry, as when the network dies between two chunks.
        proxy.Plan(new FaultRule(FaultKind.NeverAnswer, "PATCH", "/blobs/uploads/", 1, Skip: 1));
        (PublishRun rerun, long sentByRerun, long fullPush) = await KillAndRunAgainAsync(proxy, "resumed", () => proxy.Injected.ContainsKey(FaultKind.NeverAnswer));

        output.WriteLine($"rerun sent {sentByRerun} bytes; a full push is {fullPush}");
        Assert.Contains($"at byte {ChunkSize} of ", rerun.Log, StringComparison.Ordinal);
        Assert.Contains("Resuming the upload of layer", rerun.Log, StringComparison.Ordinal);
        Assert.True(sentByRerun <= fullPush - ChunkSize, $"the rerun sent {sentByRerun} bytes, a full push is {fullPush}: the resumed chunk was sent again");
    }

    [Fact]
    public async Task A_push_killed_mid_chunk_then_run_again_finds_the_session_gone_starts_that_blob_over_and_succeeds()
    {
        await using FaultInjectingProxy proxy = await FaultInjectingProxy.StartAsync(_registry.Address);
        proxy.ThrottledBytesPerSecond = 1024 * 1024;
        // The first chunk goes at full speed (its session is recorded), the second slowly, and the kill lands in it.
        proxy.Plan(new FaultRule(FaultKind.ThrottledUpload, "PATCH", "/blobs/uploads/", 1, Skip: 1));
        (PublishRun rerun, long sentByRerun, long fullPush) = await KillAndRunAgainAsync(
            proxy, "restarted", () => proxy.Injected.ContainsKey(FaultKind.ThrottledUpload) && proxy.RequestBodyBytes > ChunkSize + 2 * 1024 * 1024);

        output.WriteLine($"rerun sent {sentByRerun} bytes; a full push is {fullPush}");
        Assert.Contains("no longer has the recorded upload session", rerun.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("Resuming the upload of", rerun.Log, StringComparison.Ordinal);
        Assert.True(sentByRerun < fullPush, $"the rerun sent {sentByRerun} bytes, a full push is {fullPush}");
        Assert.True(sentByRerun > fullPush - ChunkSize, $"the rerun sent {sentByRerun} bytes: the runtime layer should have been sent again in full");
    }

    /// <summary>
    /// Publishes through the proxy, kills the process tree once <paramref name="killWhen"/> holds, publishes again, and
    /// checks what every interrupted push must leave: success, a verified image, no temporary file, the small app
    /// layer not sent again. Returns the rerun, the bytes it sent, and the size of a full push.
    /// </summary>
    private async Task<(PublishRun Rerun, long SentByRerun, long FullPush)> KillAndRunAgainAsync(FaultInjectingProxy proxy, string name, Func<bool> killWhen)
    {
        SampleWorkspace workspace = await SampleWorkspace.CreateAsync($"interrupted-{name}");
        string folder = Path.GetDirectoryName(workspace.Root)!;
        string cache = Path.Combine(folder, "cache");
        string[] arguments =
        [
            // scratch has no loader for the apphost: the run check is off, since this test is about the push.
            "-r", "linux-x64", "--self-contained", "-p:ContainerBaseImage=scratch", "-p:ContainerizeRunCheck=false",
            $"-p:ContainerRegistry={proxy.Address}", "-p:ContainerRepository=interrupted/console",
            $"-p:ContainerizeCacheDirectory={cache}",
        ];

        using (var kill = new CancellationTokenSource())
        {
            Task<ProcessResult> first = workspace.DotnetAsync(["publish", workspace.ProjectDirectory("ConsoleApp"), "-nologo", "-t:PublishLayeredImage", .. arguments], cancellationToken: kill.Token);
            while (!killWhen() && !first.IsCompleted)
            {
                await Task.Delay(100);
            }

            Assert.False(first.IsCompleted, "the push was still uploading when it was killed");
            await kill.CancelAsync();
            await Assert.ThrowsAsync<TimeoutException>(() => first);
        }

        proxy.ClearPlan();
        // The proxy still reads what the killed build had already handed to the kernel: count the rerun only after that.
        long beforeRerun = await SettledAsync(proxy);
        PublishRun rerun = await PublishRun.RunAsync(workspace, "ConsoleApp", "rerun", RegistryPushFixture.OutputProperties, RegistryPushFixture.OutputItems, arguments);
        rerun.Result.EnsureSuccess();
        long sentByRerun = proxy.RequestBodyBytes - beforeRerun;

        string layout = await RegistryTools.CopyToOciLayoutAsync($"{_registry.Address}/interrupted/console:latest");
        Assert.Equal(rerun.Property("ContainerImageDigest"), RegistryTools.ReadLayoutManifestDigest(layout));
        RegistryTools.VerifyLayoutBlobs(layout);
        long fullPush = Directory.GetFiles(Path.Combine(layout, "blobs", "sha256")).Sum(file => new FileInfo(file).Length);
        Assert.Contains(PushLog.Rows(rerun.Log), row => row.Outcome == "existed");

        // Paths relative to the work folder, so a clone that itself lives under /tmp does not match.
        string[] leftovers = Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(file => file.Contains(".tmp-", StringComparison.Ordinal) || file.Contains("/tmp/", StringComparison.Ordinal))
            .Where(file => file.Contains("containerize", StringComparison.Ordinal) || file.StartsWith(Path.GetRelativePath(folder, cache) + "/", StringComparison.Ordinal))
            .ToArray();
        Assert.Empty(leftovers);
        Assert.Empty(Directory.GetFiles(Path.Combine(cache, "registries"), "upload-*", SearchOption.AllDirectories));
        return (rerun, sentByRerun, fullPush);
    }

    /// <summary>The proxy's upload count once it has not moved for two seconds (at most a minute).</summary>
    private static async Task<long> SettledAsync(FaultInjectingProxy proxy)
    {
        long last = proxy.RequestBodyBytes;
        for (int quiet = 0, rounds = 0; quiet < 20 && rounds < 600; rounds++)
        {
            await Task.Delay(100);
            long now = proxy.RequestBodyBytes;
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }

        return last;
    }
}
