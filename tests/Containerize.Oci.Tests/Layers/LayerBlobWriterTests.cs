using System.IO.Compression;
using System.Security.Cryptography;
using Containerize.Oci.Digests;
using Containerize.Oci.Layers;
using Containerize.Oci.Model;
using Containerize.Oci.Planning;
using Containerize.Oci.Storage;
using Containerize.TestSupport;

namespace Containerize.Oci.Tests.Layers;

public sealed class LayerBlobWriterTests : IDisposable
{
    private static readonly LayerWriteOptions s_options = new() { Timestamp = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), MediaType = MediaTypes.OciLayerGzip };
    private readonly TestFolder _folder = new("layer-blob");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_blob_decompresses_to_the_tar_whose_sha256_is_the_diffId()
    {
        PlannedLayer layer = Layer(_folder.Root, "app", ("App.dll", "assembly"), ("App", "#!/bin/sh"), ("de/App.resources.dll", "ja"));
        var store = new LocalBlobStore(_folder.PathOf("store"));

        BuiltLayer built = await LayerBlobWriter.WriteAsync(layer, s_options, store, CancellationToken.None);

        byte[] blob = await File.ReadAllBytesAsync(store.GetPath(built.Descriptor.Digest));
        Assert.Equal(built.Descriptor.Digest, Digest.ComputeSha256(blob));
        Assert.Equal(blob.LongLength, built.Descriptor.Size);
        Assert.Equal(MediaTypes.OciLayerGzip, built.Descriptor.MediaType);
        using var tar = new MemoryStream();
        using (var gzip = new GZipStream(new MemoryStream(blob), CompressionMode.Decompress))
        {
            await gzip.CopyToAsync(tar);
        }

        Assert.Equal(built.DiffId, Digest.FromSha256Hash(SHA256.HashData(tar.ToArray())));
        Assert.Equal(tar.Length, built.UncompressedSize);
        Assert.Equal(3, built.FileCount);
        Assert.Equal("app", built.Name);
        List<ReadEntry> entries = await TarInspection.ReadAsync(tar.ToArray());
        Assert.Equal(["app/", "app/App", "app/App.dll", "app/de/", "app/de/App.resources.dll"], entries.Select(entry => entry.Name));
    }

    [Fact]
    public async Task The_gzip_header_is_fixed_and_gzip_accepts_the_blob()
    {
        var store = new LocalBlobStore(_folder.PathOf("store"));
        BuiltLayer built = await LayerBlobWriter.WriteAsync(Layer(_folder.Root, "app", ("a.txt", "a")), s_options, store, CancellationToken.None);
        string path = store.GetPath(built.Descriptor.Digest);

        byte[] blob = await File.ReadAllBytesAsync(path);
        Assert.Equal(new byte[] { 0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 255 }, blob[..10]);
        (await ProcessRunner.RunAsync("gzip", ["-t", path])).EnsureSuccess();
        ProcessResult listing = (await ProcessRunner.RunAsync("gzip", ["-l", "-v", path])).EnsureSuccess();
        Assert.Contains(built.UncompressedSize.ToString(System.Globalization.CultureInfo.InvariantCulture), listing.StandardOutput);
    }

    [Fact]
    public async Task Same_logical_input_from_different_folders_gives_identical_bytes()
    {
        // Two trees with the same contents, created in opposite orders, with different mtimes and temp folder names.
        (string Path, string Content)[] files = [("App.dll", "assembly"), ("wwwroot/css/site.css", "body{}"), ("de/App.resources.dll", "de"), (".hidden", "h")];
        string first = _folder.CreateDirectory("first-" + Guid.NewGuid().ToString("N"));
        string second = _folder.CreateDirectory("second");
        foreach ((string path, string content) in files)
        {
            _folder.WriteFile(Path.Combine(first, path), content, modified: new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        }

        foreach ((string path, string content) in files.Reverse())
        {
            _folder.WriteFile(Path.Combine(second, path), content, modified: DateTime.UtcNow);
        }

        var firstStore = new LocalBlobStore(_folder.PathOf("store-1"));
        var secondStore = new LocalBlobStore(_folder.PathOf("store-2"));
        BuiltLayer one = await LayerBlobWriter.WriteAsync(Layer(first, "app", files), s_options, firstStore, CancellationToken.None);
        BuiltLayer two = await LayerBlobWriter.WriteAsync(Layer(second, "app", [.. files.Reverse()]), s_options, secondStore, CancellationToken.None);

        Assert.Equal(one.DiffId, two.DiffId);
        Assert.Equal(one.Descriptor, two.Descriptor);
        Assert.Equal(await File.ReadAllBytesAsync(firstStore.GetPath(one.Descriptor.Digest)), await File.ReadAllBytesAsync(secondStore.GetPath(two.Descriptor.Digest)));
    }

    [Fact]
    public async Task A_different_timestamp_gives_a_different_diffId()
    {
        PlannedLayer layer = Layer(_folder.Root, "app", ("a.txt", "a"));
        var store = new LocalBlobStore(_folder.PathOf("store"));

        BuiltLayer one = await LayerBlobWriter.WriteAsync(layer, s_options, store, CancellationToken.None);
        BuiltLayer two = await LayerBlobWriter.WriteAsync(layer, s_options with { Timestamp = s_options.Timestamp.AddSeconds(1) }, store, CancellationToken.None);
        BuiltLayer three = await LayerBlobWriter.WriteAsync(layer, s_options with { Timestamp = s_options.Timestamp.AddMilliseconds(999) }, store, CancellationToken.None);

        Assert.NotEqual(one.DiffId, two.DiffId);
        Assert.Equal(one.DiffId, three.DiffId);
    }

    [Fact]
    public async Task A_failure_leaves_no_blob_and_no_temporary_file()
    {
        var layer = new PlannedLayer
        {
            Name = "app",
            Kind = LayerKind.App,
            Entries = [new LayerEntry { ContainerPath = "/app/gone", SourcePath = _folder.PathOf("gone"), Mode = FileModes.Regular }],
        };
        var store = new LocalBlobStore(_folder.PathOf("store"));

        await Assert.ThrowsAsync<Errors.ContainerizeException>(() => LayerBlobWriter.WriteAsync(layer, s_options, store, CancellationToken.None));

        Assert.Empty(Directory.EnumerateFiles(store.RootDirectory, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Cancellation_stops_the_write_and_leaves_nothing_behind()
    {
        var store = new LocalBlobStore(_folder.PathOf("store"));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => LayerBlobWriter.WriteAsync(Layer(_folder.Root, "app", ("a.txt", "a")), s_options, store, cancelled.Token));

        Assert.Empty(Directory.EnumerateFiles(store.RootDirectory, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Large_files_stream_through_in_several_buffers()
    {
        string path = _folder.PathOf("big.bin");
        byte[] data = new byte[(3 << 20) + 123];
        new Random(11).NextBytes(data);
        await File.WriteAllBytesAsync(path, data);
        var layer = new PlannedLayer { Name = "big", Kind = LayerKind.App, Entries = [new LayerEntry { ContainerPath = "/big.bin", SourcePath = path, Mode = FileModes.Regular }] };
        var store = new LocalBlobStore(_folder.PathOf("store"));

        BuiltLayer built = await LayerBlobWriter.WriteAsync(layer, s_options, store, CancellationToken.None);

        await using Stream blob = store.OpenRead(built.Descriptor.Digest, built.Descriptor.Size);
        await using var gzip = new GZipStream(blob, CompressionMode.Decompress);
        using var tar = new System.Formats.Tar.TarReader(gzip);
        System.Formats.Tar.TarEntry entry = (await tar.GetNextEntryAsync())!;
        using var content = new MemoryStream();
        await entry.DataStream!.CopyToAsync(content);
        Assert.Equal(data, content.ToArray());
        Assert.Equal(1024 + 512 + data.Length + (512 - (data.Length % 512)), built.UncompressedSize);
    }

    private static PlannedLayer Layer(string root, string name, params (string Path, string Content)[] files)
    {
        var entries = new List<LayerEntry>();
        foreach ((string path, string content) in files)
        {
            string source = Path.Combine(root, path);
            if (!File.Exists(source))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(source)!);
                File.WriteAllText(source, content);
            }

            entries.Add(new LayerEntry { ContainerPath = "/app/" + path, SourcePath = source, Mode = path == "App" ? FileModes.Executable : FileModes.Regular });
        }

        return new PlannedLayer { Name = name, Kind = LayerKind.App, Entries = entries };
    }
}
