using Containerize.Oci.Building;
using Containerize.Oci.Destinations;
using Containerize.Oci.Layers;
using Containerize.Oci.Model;
using Containerize.Oci.Registry;
using Containerize.Oci.Registry.Steps;
using Containerize.TestSupport;
using Containerize.TestSupport.Registry;
using Xunit.Abstractions;

namespace Containerize.Oci.Tests.Registry;

/// <summary>
/// Resuming a large upload from the session recorded in the cache, against the real registry through the fault
/// proxy: a push cut off between chunks resumes from the registry's offset; a session the registry no longer has, an
/// offset that does not fit, and a resumed blob the registry refuses at the digest check all start over and succeed.
/// </summary>
public sealed class UploadResumeTests(DistributionRegistryFixture registry, ITestOutputHelper output) : IClassFixture<DistributionRegistryFixture>
{
    private const int LayerSize = 40 * 1024 * 1024;
    private readonly TestOutputLog _log = new(output);

    [Fact]
    public async Task A_push_cut_off_after_its_first_chunk_resumes_from_the_registrys_offset_and_sends_only_the_rest()
    {
        await using FaultInjectingProxy proxy = await FaultInjectingProxy.StartAsync(registry.Server.Address);
        (BuiltImage image, Descriptor layer, UploadSessions sessions) = await InterruptAfterFirstChunkAsync(proxy, "resume/cut");

        UploadSession? recorded = sessions.Find(proxy.Address, "resume/cut", layer.Digest);
        Assert.NotNull(recorded);
        Assert.Equal(BlobUploader.ResumableChunkSize, recorded.Offset);

        long before = proxy.RequestBodyBytes;
        await PushAsync(proxy, "resume/cut", image, sessions);
        long sent = proxy.RequestBodyBytes - before;

        output.WriteLine($"rerun sent {sent} bytes; the layer is {layer.Size}, the whole image {image.AllLayers.Sum(l => l.Descriptor.Size) + image.Config.Size}");
        Assert.Contains(_log.Lines, line => line.Contains($"Resuming the upload of", StringComparison.Ordinal) && line.Contains($"at byte {BlobUploader.ResumableChunkSize} of {layer.Size}", StringComparison.Ordinal));
        Assert.True(sent <= layer.Size - BlobUploader.ResumableChunkSize + image.Config.Size + 4096, $"the rerun sent {sent} bytes");
        Assert.Null(sessions.Find(proxy.Address, "resume/cut", layer.Digest));
        await AssertCompleteInRegistryAsync(image, "resume/cut:ok");
    }

    [Fact]
    public async Task A_recorded_session_the_registry_no_longer_has_is_started_over()
    {
        await using FaultInjectingProxy proxy = await FaultInjectingProxy.StartAsync(registry.Server.Address);
        (BuiltImage image, Descriptor layer, UploadSessions sessions) = await InterruptAfterFirstChunkAsync(proxy, "resume/gone");
        UploadSession recorded = sessions.Find(proxy.Address, "resume/gone", layer.Digest)!;
        using (var http = new HttpClient())
        {
            // The registry drops the session (as after a cut-off body, or its upload purge).
            (await http.DeleteAsync(recorded.Location)).EnsureSuccessStatusCode();
        }

        long before = proxy.RequestBodyBytes;
        await PushAsync(proxy, "resume/gone", image, sessions);

        Assert.Contains(_log.Lines, line => line.Contains("no longer has the recorded upload session", StringComparison.Ordinal));
        Assert.DoesNotContain(_log.Lines, line => line.Contains("Resuming the upload of", StringComparison.Ordinal));
        Assert.True(proxy.RequestBodyBytes - before >= layer.Size);
        await AssertCompleteInRegistryAsync(image, "resume/gone:ok");
    }

    [Fact]
    public async Task A_registry_that_reports_an_offset_past_the_blob_is_not_trusted_and_the_upload_starts_over()
    {
        await using FaultInjectingProxy proxy = await FaultInjectingProxy.StartAsync(registry.Server.Address);
        (BuiltImage image, Descriptor layer, UploadSessions sessions) = await InterruptAfterFirstChunkAsync(proxy, "resume/offset");
        proxy.Plan(new FaultRule(FaultKind.BadUploadOffset, "GET", "/blobs/uploads/", 1));

        long before = proxy.RequestBodyBytes;
        await PushAsync(proxy, "resume/offset", image, sessions);

        Assert.Equal(0, proxy.PlannedRemaining);
        Assert.Contains(_log.Lines, line => line.Contains("reports offset 1000000000000", StringComparison.Ordinal) && line.Contains("does not fit", StringComparison.Ordinal));
        Assert.True(proxy.RequestBodyBytes - before >= layer.Size);
        await AssertCompleteInRegistryAsync(image, "resume/offset:ok");
    }

    [Fact]
    public async Task A_resumed_blob_the_registry_refuses_at_the_digest_check_is_uploaded_once_more_in_full()
    {
        await using FaultInjectingProxy proxy = await FaultInjectingProxy.StartAsync(registry.Server.Address);
        (BuiltImage image, Descriptor layer, UploadSessions sessions) = await InterruptAfterFirstChunkAsync(proxy, "resume/digest");
        // The final PUT of the resumed upload (the config went up in the first push, so this is the layer's).
        proxy.Plan(new FaultRule(FaultKind.DigestInvalid, "PUT", "/blobs/uploads/", 1));

        long before = proxy.RequestBodyBytes;
        await PushAsync(proxy, "resume/digest", image, sessions);

        Assert.Equal(0, proxy.PlannedRemaining);
        Assert.Contains(_log.Lines, line => line.Contains("Resuming the upload of", StringComparison.Ordinal));
        Assert.Contains(_log.Lines, line => line.Contains("refused the resumed upload", StringComparison.Ordinal) && line.Contains("from the first byte", StringComparison.Ordinal));
        Assert.True(proxy.RequestBodyBytes - before >= layer.Size + layer.Size - BlobUploader.ResumableChunkSize);
        await AssertCompleteInRegistryAsync(image, "resume/digest:ok");
    }

    /// <summary>
    /// Pushes a one-layer image whose second chunk the proxy takes and never forwards (the registry never sees it, as
    /// when a network dies between chunks), and cancels the push then: the cache holds the session at one chunk.
    /// </summary>
    private async Task<(BuiltImage Image, Descriptor Layer, UploadSessions Sessions)> InterruptAfterFirstChunkAsync(FaultInjectingProxy proxy, string repository)
    {
        var builder = new TestImageBuilder(RepositoryPaths.CreateWorkDirectory("resume"));
        BuiltLayer built = await builder.AddLayerAsync("big", LayerSize, Random.Shared.Next());
        BuiltImage image = builder.Build([built]);
        var sessions = new UploadSessions(RepositoryPaths.CreateWorkDirectory("resume-cache"));
        proxy.Plan(new FaultRule(FaultKind.NeverAnswer, "PATCH", "/blobs/uploads/", 1, Skip: 1));

        using var cut = new CancellationTokenSource();
        Task push = PushAsync(proxy, repository, image, sessions, cut.Token);
        while (!proxy.Injected.ContainsKey(FaultKind.NeverAnswer) && !push.IsCompleted)
        {
            await Task.Delay(50);
        }

        await cut.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => push);
        proxy.ClearPlan();
        _log.Lines.Clear();
        return (image, built.Descriptor, sessions);
    }

    private async Task PushAsync(FaultInjectingProxy proxy, string repository, BuiltImage image, UploadSessions sessions, CancellationToken cancellationToken = default)
    {
        RegistryOptions options = RegistryTestContext.Options() with { InactivityTimeout = TimeSpan.FromSeconds(60) };
        using var destination = new RegistryDestination(proxy.Address, repository, options, _log) { UploadSessions = sessions };
        await destination.PushAsync(image, ["ok"], cancellationToken);
    }

    private async Task AssertCompleteInRegistryAsync(BuiltImage image, string repositoryAndTag)
    {
        string layout = await RegistryTools.CopyToOciLayoutAsync($"{registry.Server.Address}/{repositoryAndTag}");
        IReadOnlyList<string> blobs = RegistryTools.VerifyLayoutBlobs(layout);
        Assert.Equal(image.Manifest.Digest.ToString(), RegistryTools.ReadLayoutManifestDigest(layout));
        Assert.All(image.AllLayers.Select(l => l.Descriptor).Append(image.Config), blob => Assert.Contains(blob.Digest.ToString(), blobs));
    }
}
