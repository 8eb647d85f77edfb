using Containerize.Oci.Building;
using Containerize.Oci.Digests;
using Containerize.Oci.Errors;
using Containerize.Oci.Layers;
using Containerize.Oci.Logging;
using Containerize.Oci.Model;
using Containerize.Oci.Planning;
using Containerize.Oci.Storage;
using Containerize.Oci.Tests.Layers;

namespace Containerize.Oci.Tests.Building;

/// <summary>The layer cache's hit and miss rules, and what happens to damaged entries: each is caught, reported, rebuilt.</summary>
public sealed class LayerCacheTests : IDisposable
{
    private static readonly LayerWriteOptions s_options = new() { Timestamp = new DateTimeOffset(2001, 2, 3, 4, 5, 6, TimeSpan.Zero), MediaType = MediaTypes.OciLayerGzip };
    private static readonly DateTime s_fileTime = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly TestFolder _folder = new("layer-cache");
    private readonly RecordingLog _log = new();

    public void Dispose() => _folder.Dispose();

    private LayerCache Cache => new(_folder.PathOf("cache"));

    [Fact]
    public async Task The_same_files_again_are_taken_from_the_cache_with_the_same_descriptor()
    {
        PlannedLayer layer = Layer(("App.dll", "assembly", FileModes.Regular), ("App", "#!/bin/sh", FileModes.Executable));

        BuiltLayer first = await BuildAsync(layer);
        BuiltLayer second = await BuildAsync(layer);

        Assert.Equal(LayerReuse.Built, first.Reuse);
        Assert.Equal(LayerReuse.Cached, second.Reuse);
        Assert.Equal(first.Descriptor, second.Descriptor);
        Assert.Equal(first.DiffId, second.DiffId);
        Assert.Equal(first.FileCount, second.FileCount);
        Assert.Equal(first.UncompressedSize, second.UncompressedSize);
        Assert.Empty(_log.Warnings);
    }

    [Fact]
    public async Task A_content_change_that_keeps_the_size_and_the_modification_time_is_a_miss()
    {
        PlannedLayer layer = Layer(("App.dll", "version-1", FileModes.Regular));
        BuiltLayer before = await BuildAsync(layer);

        string path = layer.Entries[0].SourcePath!;
        File.WriteAllText(path, "version-2");
        File.SetLastWriteTimeUtc(path, s_fileTime);
        BuiltLayer after = await BuildAsync(layer);

        Assert.Equal(LayerReuse.Built, after.Reuse);
        Assert.NotEqual(before.Descriptor.Digest, after.Descriptor.Digest);
        Assert.NotEqual(before.ContentKey, after.ContentKey);
    }

    public static TheoryData<string> Changes => ["path", "mode", "owner", "group", "timestamp", "link", "type", "extra entry"];

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Every_input_of_the_layer_bytes_is_in_the_key(string change)
    {
        string file = _folder.WriteFile("in/App.dll", "same bytes", modified: s_fileTime);
        var entry = new LayerEntry { ContainerPath = "/app/App.dll", SourcePath = file, Mode = FileModes.Regular };
        var link = new LayerEntry { ContainerPath = "/app/current", Type = LayerEntryType.Symlink, LinkTarget = "App.dll", Mode = FileModes.Executable };
        PlannedLayer original = Planned(entry, link);
        PlannedLayer changed = change switch
        {
            "path" => Planned(entry with { ContainerPath = "/app/Other.dll" }, link),
            "mode" => Planned(entry with { Mode = FileModes.Executable }, link),
            "owner" => Planned(entry with { UserId = 1654 }, link),
            "group" => Planned(entry with { GroupId = 1654 }, link),
            "link" => Planned(entry, link with { LinkTarget = "Other.dll" }),
            "type" => Planned(entry, link with { Type = LayerEntryType.Directory, LinkTarget = null }),
            "extra entry" => Planned(entry, link, new LayerEntry { ContainerPath = "/app/data", Type = LayerEntryType.Directory, Mode = FileModes.Executable }),
            _ => original,
        };
        LayerWriteOptions changedOptions = change == "timestamp" ? s_options with { Timestamp = s_options.Timestamp.AddSeconds(1) } : s_options;

        Digest originalKey = await LayerKey.ComputeAsync(original.Entries, s_options, default);
        Digest changedKey = await LayerKey.ComputeAsync(changed.Entries, changedOptions, default);
        BuiltLayer built = await BuildAsync(original);

        Assert.NotEqual(originalKey, changedKey);
        Assert.Equal(originalKey, built.ContentKey);
    }

    [Fact]
    public async Task The_media_type_is_not_in_the_key_so_OCI_and_Docker_images_share_a_layer()
    {
        PlannedLayer layer = Layer(("App.dll", "assembly", FileModes.Regular));
        BuiltLayer oci = await BuildAsync(layer);

        BuiltLayer docker = await new CachingLayerBuilder(Cache, s_options with { MediaType = MediaTypes.DockerLayerGzip }, _log).BuildAllAsync([layer], default).ContinueWith(task => task.Result[0]);

        Assert.Equal(LayerReuse.Cached, docker.Reuse);
        Assert.Equal(MediaTypes.DockerLayerGzip, docker.Descriptor.MediaType);
        Assert.Equal(oci.Descriptor.Digest, docker.Descriptor.Digest);
    }

    [Fact]
    public async Task A_same_size_corrupt_blob_is_caught_when_opened_removed_rebuilt_and_reported()
    {
        PlannedLayer layer = Layer(("App.dll", new string('x', 5000), FileModes.Regular));
        BuiltLayer built = await BuildAsync(layer);
        string blob = Cache.Blobs.GetPath(built.Descriptor.Digest);
        byte[] bytes = File.ReadAllBytes(blob);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(blob, bytes);

        BuiltLayer cached = await BuildAsync(layer);
        Assert.Equal(LayerReuse.Cached, cached.Reuse);
        byte[] opened;
        await using (Stream stream = await cached.OpenCompressedAsync(default))
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            opened = copy.ToArray();
        }

        Assert.Equal(built.Descriptor.Digest, Digest.ComputeSha256(opened));
        Assert.Equal(built.Descriptor.Digest, Digest.ComputeSha256(File.ReadAllBytes(blob)));
        Assert.Contains(_log.Warnings, warning => warning.Code == ErrorCodes.CacheEntryDamaged && warning.Message.Contains(blob, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_truncated_blob_is_caught_at_lookup_and_the_layer_built_again()
    {
        PlannedLayer layer = Layer(("App.dll", new string('y', 5000), FileModes.Regular));
        BuiltLayer built = await BuildAsync(layer);
        string blob = Cache.Blobs.GetPath(built.Descriptor.Digest);
        using (var file = new FileStream(blob, FileMode.Open))
        {
            file.SetLength(file.Length / 2);
        }

        BuiltLayer again = await BuildAsync(layer);

        Assert.Equal(LayerReuse.Built, again.Reuse);
        Assert.Equal(built.Descriptor, again.Descriptor);
        Assert.True(await Cache.Blobs.IsIntactAsync(built.Descriptor.Digest, built.Descriptor.Size, default));
        Assert.Contains(_log.Warnings, warning => warning.Code == ErrorCodes.CacheEntryDamaged && warning.Message.Contains("wrong size", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"Digest\":\"sha256:12")]
    [InlineData("{\"Key\":\"sha256:0000000000000000000000000000000000000000000000000000000000000000\",\"Digest\":\"x\",\"Size\":1,\"DiffId\":\"y\",\"UncompressedSize\":1,\"FileCount\":1}")]
    public async Task A_damaged_entry_is_reported_removed_and_the_layer_built_again(string damaged)
    {
        PlannedLayer layer = Layer(("App.dll", "entry", FileModes.Regular));
        BuiltLayer built = await BuildAsync(layer);
        File.WriteAllText(Cache.GetEntryPath(built.ContentKey), damaged);

        BuiltLayer again = await BuildAsync(layer);

        Assert.Equal(LayerReuse.Built, again.Reuse);
        Assert.Equal(built.Descriptor, again.Descriptor);
        Assert.Contains(_log.Warnings, warning => warning.Code == ErrorCodes.CacheEntryDamaged && warning.Message.Contains("damaged", StringComparison.Ordinal));
        Assert.NotNull(Cache.Find(built.ContentKey, out string? problem));
        Assert.Null(problem);
    }

    [Fact]
    public async Task A_blob_evicted_from_under_an_entry_is_built_again_without_a_warning()
    {
        PlannedLayer layer = Layer(("App.dll", "evicted", FileModes.Regular));
        BuiltLayer built = await BuildAsync(layer);
        Cache.Blobs.Delete(built.Descriptor.Digest);

        BuiltLayer again = await BuildAsync(layer);

        Assert.Equal(LayerReuse.Built, again.Reuse);
        Assert.Empty(_log.Warnings);
    }

    [Fact]
    public async Task Two_builders_writing_the_same_layer_at_once_both_succeed_with_one_result()
    {
        PlannedLayer layer = Layer(("App.dll", new string('z', 3 << 20), FileModes.Regular));

        BuiltLayer[] results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => BuildAsync(layer))));

        Assert.Single(results.Select(result => result.Descriptor).Distinct());
        Assert.True(await Cache.Blobs.IsIntactAsync(results[0].Descriptor.Digest, results[0].Descriptor.Size, default));
        Assert.Empty(Directory.GetFiles(Path.Combine(Cache.Blobs.RootDirectory, "tmp")));
    }

    private async Task<BuiltLayer> BuildAsync(PlannedLayer layer) =>
        (await new CachingLayerBuilder(Cache, s_options, _log).BuildAllAsync([layer], default))[0];

    private PlannedLayer Layer(params (string Path, string Content, UnixFileMode Mode)[] files) =>
        Planned(files.Select(file => new LayerEntry
        {
            ContainerPath = "/app/" + file.Path,
            SourcePath = _folder.WriteFile("in/" + file.Path, file.Content, modified: s_fileTime),
            Mode = file.Mode,
        }).ToArray());

    private static PlannedLayer Planned(params LayerEntry[] entries) => new() { Name = "app", Kind = LayerKind.App, Entries = entries };

    internal sealed class RecordingLog : IBuildLog
    {
        public List<(string Code, string Message)> Warnings { get; } = [];

        public void Info(string message) { }

        public void Detail(string message) { }

        public void Warning(string code, string message)
        {
            lock (Warnings)
            {
                Warnings.Add((code, message));
            }
        }
    }
}
