using Containerize.Tasks.Tests.Integration;
using Containerize.TestSupport;
using Containerize.TestSupport.Registry;
using Containerize.TestSupport.Samples;

namespace Containerize.Tasks.Tests.Registry;

/// <summary>
/// A push killed with SIGKILL half way through its largest upload (slowed by the proxy), then run again: the rerun
/// succeeds, sends less than a whole push (what the registry already took is not sent again), the image in the
/// registry passes skopeo's digest checks, and no temporary file is left anywhere.
/// </summary>
public sealed class InterruptedPushTests : IAsyncLifetime
{
    private DistributionRegistryServer _registry = null!;

    public async Task InitializeAsync() => _registry = await DistributionRegistryServer.StartAsync();

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    [Fact]
    public async Task A_push_killed_mid_upload_then_run_again_succeeds_sends_less_than_a_full_push_and_leaves_no_temporary_file()
    {
        await using FaultInjectingProxy proxy = await FaultInjectingProxy.StartAsync(_registry.Address);
        proxy.ThrottledBytesPerSecond = 1024 * 1024;
        proxy.Plan(new FaultRule(FaultKind.ThrottledUpload, "PUT", "/blobs/uploads/", 1000));
        SampleWorkspace workspace = await SampleWorkspace.CreateAsync("interrupted-push");
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
            while (proxy.RequestBodyBytes < 3 * 1024 * 1024 && !first.IsCompleted)
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
        Assert.True(sentByRerun < fullPush, $"the rerun sent {sentByRerun} bytes, a full push is {fullPush}");
        Assert.Contains(PushLog.Rows(rerun.Log), row => row.Outcome == "existed");

        string[] leftovers = Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Where(file => file.Contains(".tmp-", StringComparison.Ordinal) || file.Contains($"{Path.DirectorySeparatorChar}tmp{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(file => file.Contains("containerize", StringComparison.Ordinal) || file.StartsWith(cache, StringComparison.Ordinal))
            .ToArray();
        Assert.Empty(leftovers);
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
