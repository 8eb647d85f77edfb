using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Containerize.Oci.Digests;
using Containerize.Oci.Model;

namespace Containerize.Oci.Tests.Sources;

/// <summary>A gzip layer made in memory for tests, with its digest and diffID.</summary>
internal sealed record TestLayer(byte[] Compressed, Digest DiffId)
{
    public Digest Digest => Digest.ComputeSha256(Compressed);

    /// <summary>Puts the layer in a blob store as if our layer writer had built it.</summary>
    public Containerize.Oci.Layers.BuiltLayer AddTo(Containerize.Oci.Storage.LocalBlobStore store, string name, string mediaType = MediaTypes.OciLayerGzip, int fileCount = 1)
    {
        store.Add(Compressed);
        return new Containerize.Oci.Layers.BuiltLayer
        {
            Name = name,
            Descriptor = new Descriptor { MediaType = mediaType, Digest = Digest, Size = Compressed.LongLength },
            DiffId = DiffId,
            UncompressedSize = 0,
            FileCount = fileCount,
            Content = _ => Task.FromResult(store.OpenRead(Digest, Compressed.LongLength)),
        };
    }

    /// <summary>Executables and libraries copied from this machine (mode 0755), for a base image that can really run.</summary>
    public static TestLayer FromHostFiles(params (string ContainerPath, string HostPath)[] files)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach ((string containerPath, string hostPath) in files)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, containerPath)
                {
                    Mode = (UnixFileMode)0b111_101_101,
                    ModificationTime = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero),
                    DataStream = new MemoryStream(File.ReadAllBytes(hostPath)),
                });
            }
        }

        return Compress(tar.ToArray());
    }

    /// <summary>Files (content given) and directories (content null) in the order given; names may be whiteouts such as <c>etc/.wh.passwd</c>.</summary>
    public static TestLayer Create(params (string Path, string? Content)[] entries)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach ((string path, string? content) in entries)
            {
                var entry = new PaxTarEntry(content is null ? TarEntryType.Directory : TarEntryType.RegularFile, path)
                {
                    Mode = content is null ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100,
                    ModificationTime = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero),
                };
                if (content is not null)
                {
                    entry.DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content));
                }

                writer.WriteEntry(entry);
            }
        }

        return Compress(tar.ToArray());
    }

    private static TestLayer Compress(byte[] uncompressed)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(uncompressed);
        }

        return new TestLayer(compressed.ToArray(), Digest.ComputeSha256(uncompressed));
    }
}

/// <summary>Writes small OCI image layouts in a temporary folder: blobs, images, nested indexes, tagged index.json entries.</summary>
internal sealed class TestLayoutBuilder
{
    public static readonly Platform Amd64 = new() { Os = "linux", Architecture = "amd64" };
    public static readonly Platform Arm64 = new() { Os = "linux", Architecture = "arm64", Variant = "v8" };

    public TestLayoutBuilder(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "blobs", "sha256"));
    }

    public string Directory { get; }

    public Descriptor AddBlob(byte[] content, string mediaType)
    {
        Digest digest = Digest.ComputeSha256(content);
        File.WriteAllBytes(Path.Combine(Directory, "blobs", "sha256", digest.Encoded), content);
        return new Descriptor { MediaType = mediaType, Digest = digest, Size = content.LongLength };
    }

    /// <summary>Adds config, layers and manifest; returns the manifest's descriptor with its platform.</summary>
    public Descriptor AddImage(IReadOnlyList<TestLayer> layers, Platform platform, bool docker = false, ContainerConfig? container = null)
    {
        var config = new ImageConfig
        {
            Created = "2020-02-02T00:00:00Z",
            Architecture = platform.Architecture,
            Os = platform.Os,
            Variant = platform.Variant,
            Config = container ?? new ContainerConfig { Env = ["PATH=/usr/local/bin:/usr/bin:/bin", "APP_UID=1654"], Cmd = ["/bin/sh"] },
            RootFileSystem = new RootFileSystem { DiffIds = layers.Select(layer => layer.DiffId).ToArray() },
            History = layers.Select(_ => new HistoryEntry { Created = "2020-02-02T00:00:00Z", CreatedBy = "test" }).ToArray(),
        };
        Descriptor configDescriptor = AddBlob(OciJson.Serialize(config), docker ? MediaTypes.DockerConfig : MediaTypes.OciConfig);
        Descriptor[] layerDescriptors = layers.Select(layer => AddBlob(layer.Compressed, docker ? MediaTypes.DockerLayerGzip : MediaTypes.OciLayerGzip)).ToArray();
        var manifest = new ImageManifest
        {
            MediaType = docker ? MediaTypes.DockerManifest : MediaTypes.OciManifest,
            Config = configDescriptor,
            Layers = layerDescriptors,
        };
        return AddBlob(OciJson.Serialize(manifest), manifest.MediaType) with { Platform = platform };
    }

    public Descriptor AddIndex(params Descriptor[] manifests) =>
        AddBlob(OciJson.Serialize(new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = manifests }), MediaTypes.OciIndex);

    /// <summary>Writes oci-layout and index.json with the entries given (a tag becomes org.opencontainers.image.ref.name).</summary>
    public void WriteIndex(params (Descriptor Entry, string? Tag)[] entries)
    {
        File.WriteAllText(Path.Combine(Directory, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Descriptor[] manifests = entries.Select(item => item.Tag is null
            ? item.Entry
            : item.Entry with { Annotations = new Dictionary<string, string> { ["org.opencontainers.image.ref.name"] = item.Tag } }).ToArray();
        File.WriteAllBytes(Path.Combine(Directory, "index.json"), OciJson.Serialize(new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = manifests }));
    }

    /// <summary>A base whose layers hold /etc/passwd and /etc/group with root and app (1654), like the .NET images.</summary>
    public static IReadOnlyList<TestLayer> PasswdLayers() =>
    [
        TestLayer.Create(
            ("etc", null),
            ("etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1654:1654::/home/app:/bin/false\n"),
            ("etc/group", "root:x:0:\napp:x:1654:\nstaff:x:50:\n")),
        TestLayer.Create(("usr", null), ("usr/lib", null), ("usr/lib/libtest.so", "not really a library")),
    ];

    public static string CreateTemporaryDirectory(string name) => Containerize.TestSupport.RepositoryPaths.CreateWorkDirectory(name);
}
