using System.Formats.Tar;
using System.Text.Json;
using Containerize.Oci.Building;
using Containerize.Oci.Destinations;
using Containerize.Oci.Errors;
using Containerize.Oci.Layers;
using Containerize.Oci.Model;
using Containerize.Oci.Sources;
using Containerize.Oci.Storage;
using Containerize.Oci.Tests.Building;
using Containerize.Oci.Tests.Sources;
using Containerize.Oci.Validation;
using Containerize.TestSupport;

namespace Containerize.Oci.Tests.Destinations;

public sealed class OciArchiveWriterTests
{
    internal static async Task<BuiltImage> BuildImageAsync(bool docker)
    {
        (SourceImage baseImage, BuiltLayer layer, LocalBlobStore store) = await ImageAssemblerTests.PrepareAsync(docker, docker ? MediaTypes.DockerLayerGzip : MediaTypes.OciLayerGzip);
        MediaTypeFamily family = docker ? MediaTypeFamily.Docker : MediaTypeFamily.Oci;
        var settings = new ImageSettings { Repository = "team/api", Entrypoint = ["dotnet", "/app/App.dll"], Ports = [new ContainerPort(8080)] };
        return await ImageAssembler.AssembleAsync(baseImage, TestLayoutBuilder.Amd64, settings, family, [layer], ReproducibleDefaults.Timestamp, default);
    }

    private static async Task<JsonElement> SkopeoInspectAsync(string reference)
    {
        ProcessResult result = (await ProcessRunner.RunAsync("skopeo", ["inspect", reference])).EnsureSuccess();
        return JsonDocument.Parse(result.StandardOutput).RootElement.Clone();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SkopeoReadsTheArchiveAsOciAndAsDockerArchive(bool docker)
    {
        BuiltImage image = await BuildImageAsync(docker);
        string archive = Path.Combine(TestLayoutBuilder.CreateTemporaryDirectory("archive-skopeo"), "image.tar");

        await OciArchiveWriter.WriteAsync(image, archive, ["team/api:1.0", "registry.example:5000/team/api:latest"], default);
        string copied = Path.Combine(Path.GetDirectoryName(archive)!, "copied");

        // skopeo's OCI layout reader only looks at OCI manifest entries; a Docker-format image is read through manifest.json.
        if (!docker)
        {
            JsonElement oci = await SkopeoInspectAsync($"oci-archive:{archive}:1.0");
            Assert.Equal(image.Manifest.Digest.ToString(), oci.GetProperty("Digest").GetString());
            Assert.Equal(3, oci.GetProperty("Layers").GetArrayLength());
            Assert.Equal("amd64", oci.GetProperty("Architecture").GetString());
            (await ProcessRunner.RunAsync("skopeo", ["copy", $"oci-archive:{archive}:1.0", $"oci:{copied}:copy"])).EnsureSuccess();
            Assert.Empty(await ImageLayoutValidator.ValidateAsync(copied));
        }

        JsonElement dockerArchive = await SkopeoInspectAsync($"docker-archive:{archive}");
        Assert.Equal(3, dockerArchive.GetProperty("Layers").GetArrayLength());
        Assert.Equal("amd64", dockerArchive.GetProperty("Architecture").GetString());

        (await ProcessRunner.RunAsync("skopeo", ["copy", $"docker-archive:{archive}", $"oci:{copied}:from-docker-archive"])).EnsureSuccess();
        Assert.Empty(await ImageLayoutValidator.ValidateAsync(copied));
    }

    [Fact]
    public async Task TheArchiveHoldsAValidLayoutInAFixedOrderWithBothManifests()
    {
        BuiltImage image = await BuildImageAsync(docker: false);
        string root = TestLayoutBuilder.CreateTemporaryDirectory("archive-layout");
        string archive = Path.Combine(root, "image.tar");

        await OciArchiveWriter.WriteAsync(image, archive, ["team/api:1.0"], default);

        var names = new List<string>();
        await using (var reader = new TarReader(File.OpenRead(archive)))
        {
            while (await reader.GetNextEntryAsync() is { } entry)
            {
                names.Add(entry.Name);
                Assert.Equal(ReproducibleDefaults.Timestamp, entry.ModificationTime);
                Assert.Equal((0, 0), (entry.Uid, entry.Gid));
            }
        }

        Assert.Equal(["oci-layout", "index.json", "manifest.json", "blobs/", "blobs/sha256/"], names.Take(5));
        Assert.Equal(names.Skip(5).Order(StringComparer.Ordinal), names.Skip(5));
        Assert.Equal(5, names.Count - 5);

        string unpacked = Path.Combine(root, "unpacked");
        Directory.CreateDirectory(unpacked);
        await TarFile.ExtractToDirectoryAsync(archive, unpacked, overwriteFiles: false);
        Assert.Empty(await ImageLayoutValidator.ValidateAsync(unpacked));
        ImageIndex index = OciJson.Deserialize<ImageIndex>(await File.ReadAllBytesAsync(Path.Combine(unpacked, "index.json")));
        Assert.Equal("1.0", index.Manifests[0].Annotations!["org.opencontainers.image.ref.name"]);
        Assert.Equal("docker.io/team/api:1.0", index.Manifests[0].Annotations!["io.containerd.image.name"]);
        using JsonDocument dockerManifest = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(unpacked, "manifest.json")));
        JsonElement entry0 = dockerManifest.RootElement[0];
        Assert.Equal($"blobs/sha256/{image.Config.Digest.Encoded}", entry0.GetProperty("Config").GetString());
        Assert.Equal("team/api:1.0", entry0.GetProperty("RepoTags")[0].GetString());
        Assert.Equal(image.AllLayers.Select(l => l.Descriptor).Select(OciLayoutContent.BlobPath), entry0.GetProperty("Layers").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task WritingTwiceGivesTheSameBytes()
    {
        BuiltImage image = await BuildImageAsync(docker: false);
        string root = TestLayoutBuilder.CreateTemporaryDirectory("archive-twice");

        await OciArchiveWriter.WriteAsync(image, Path.Combine(root, "a.tar"), ["team/api:1.0"], default);
        await OciArchiveWriter.WriteAsync(image, Path.Combine(root, "b.tar"), ["team/api:1.0"], default);

        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(root, "a.tar")), await File.ReadAllBytesAsync(Path.Combine(root, "b.tar")));
    }

    [Fact]
    public async Task UmociUnpacksTheImage()
    {
        BuiltImage image = await BuildImageAsync(docker: false);
        string root = TestLayoutBuilder.CreateTemporaryDirectory("archive-umoci");
        string archive = Path.Combine(root, "image.tar");
        await OciArchiveWriter.WriteAsync(image, archive, ["team/api:1.0"], default);
        string layout = Path.Combine(root, "layout");
        Directory.CreateDirectory(layout);
        await TarFile.ExtractToDirectoryAsync(archive, layout, overwriteFiles: false);

        string bundle = Path.Combine(root, "bundle");
        (await ProcessRunner.RunAsync("umoci", ["unpack", "--image", $"{layout}:1.0", bundle])).EnsureSuccess();
        (await ProcessRunner.RunAsync("umoci", ["stat", "--image", $"{layout}:1.0"])).EnsureSuccess();

        Assert.Equal("assembly", await File.ReadAllTextAsync(Path.Combine(bundle, "rootfs", "app", "App.dll")));
        Assert.Contains("app:x:1654", await File.ReadAllTextAsync(Path.Combine(bundle, "rootfs", "etc", "passwd")), StringComparison.Ordinal);
        using JsonDocument runtimeConfig = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(bundle, "config.json")));
        Assert.Equal(1654, runtimeConfig.RootElement.GetProperty("process").GetProperty("user").GetProperty("uid").GetInt32());
    }

    [Fact]
    public async Task AFailedWriteLeavesNoArchive()
    {
        BuiltImage image = await BuildImageAsync(docker: false);
        string root = TestLayoutBuilder.CreateTemporaryDirectory("archive-fail");
        string archive = Path.Combine(root, "image.tar");
        // Opening works (as for a cache blob), reading fails half way: the archive was begun and must not stay.
        BuiltImage broken = image with { AppLayers = [.. image.AppLayers.Select(layer => layer with { Content = _ => Task.FromResult<Stream>(new FailingReadStream()) })] };

        var exception = await Assert.ThrowsAsync<ContainerizeException>(() => OciArchiveWriter.WriteAsync(broken, archive, ["team/api:1.0"], default));

        Assert.Equal(ErrorCodes.OutputWriteFailed, exception.Code);
        Assert.Contains(archive, exception.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(root));
    }

    private sealed class FailingReadStream : MemoryStream
    {
        public override bool CanSeek => false;

        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("the disk went away");

        public override int Read(Span<byte> buffer) => throw new IOException("the disk went away");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => throw new IOException("the disk went away");

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => throw new IOException("the disk went away");
    }
}
