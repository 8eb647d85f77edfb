using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Containerize.Oci.Building;
using Containerize.Oci.Digests;
using Containerize.Oci.Layers;
using Containerize.Oci.Model;
using Containerize.Oci.Storage;

namespace Containerize.TestSupport.Registry;

/// <summary>
/// Builds small but real images for registry tests: gzip tar layers of pseudo-random (incompressible) files in a
/// blob store, a config whose diff_ids match, and a manifest, as a full <see cref="BuiltImage"/>.
/// </summary>
public sealed class TestImageBuilder
{
    public TestImageBuilder(string workDirectory)
    {
        Store = new LocalBlobStore(Path.Combine(workDirectory, "blobs"));
        Blobs = new CountingBlobSource(Store);
    }

    public LocalBlobStore Store { get; }

    /// <summary>Reads blobs from <see cref="Store"/> and counts how many bytes were read (a push that uploads nothing reads nothing).</summary>
    public CountingBlobSource Blobs { get; }

    public async Task<BuiltLayer> AddLayerAsync(string name, int fileSize, int seed, bool docker = false)
    {
        byte[] content = new byte[fileSize];
        new Random(seed).NextBytes(content);
        using var tar = new MemoryStream();
        await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            var directory = new PaxTarEntry(TarEntryType.Directory, $"{name}/") { ModificationTime = DateTimeOffset.UnixEpoch, Mode = (UnixFileMode)0b111_101_101 };
            await writer.WriteEntryAsync(directory);
            var file = new PaxTarEntry(TarEntryType.RegularFile, $"{name}/data.bin")
            {
                ModificationTime = DateTimeOffset.UnixEpoch,
                Mode = (UnixFileMode)0b110_100_100,
                DataStream = new MemoryStream(content),
            };
            await writer.WriteEntryAsync(file);
        }

        byte[] tarBytes = tar.ToArray();
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(tarBytes);
        }

        byte[] blob = compressed.ToArray();
        Digest digest = Store.Add(blob);
        var descriptor = new Descriptor { MediaType = docker ? MediaTypes.DockerLayerGzip : MediaTypes.OciLayerGzip, Digest = digest, Size = blob.Length };
        return new BuiltLayer
        {
            Name = name,
            Descriptor = descriptor,
            DiffId = Digest.FromSha256Hash(SHA256.HashData(tarBytes)),
            UncompressedSize = tarBytes.Length,
            FileCount = 1,
            Content = token => Blobs.OpenBlobAsync(descriptor, token),
        };
    }

    public BuiltImage Build(
        IReadOnlyList<BuiltLayer> appLayers,
        IReadOnlyList<BuiltLayer>? baseLayers = null,
        BaseImageInfo? baseImage = null,
        Platform? platform = null,
        bool docker = false)
    {
        baseLayers ??= [];
        platform ??= new Platform { Os = "linux", Architecture = "amd64" };
        var config = new Dictionary<string, object?>
        {
            ["architecture"] = platform.Architecture,
            ["os"] = platform.Os,
            ["variant"] = platform.Variant,
            ["config"] = new Dictionary<string, object> { ["Env"] = new[] { "PATH=/usr/bin" } },
            ["rootfs"] = new Dictionary<string, object>
            {
                ["type"] = "layers",
                ["diff_ids"] = baseLayers.Concat(appLayers).Select(layer => layer.DiffId.ToString()).ToArray(),
            },
        };
        if (platform.Variant is null)
        {
            config.Remove("variant");
        }

        byte[] configBytes = JsonSerializer.SerializeToUtf8Bytes(config);
        var configDescriptor = new Descriptor
        {
            MediaType = docker ? MediaTypes.DockerConfig : MediaTypes.OciConfig,
            Digest = Digest.ComputeSha256(configBytes),
            Size = configBytes.Length,
        };
        Store.Add(configBytes);
        var manifest = new ImageManifest
        {
            MediaType = docker ? MediaTypes.DockerManifest : MediaTypes.OciManifest,
            Config = configDescriptor,
            Layers = baseLayers.Concat(appLayers).Select(layer => layer.Descriptor).ToList(),
        };
        byte[] manifestBytes = OciJson.Serialize(manifest);
        return new BuiltImage
        {
            Manifest = new Descriptor { MediaType = manifest.MediaType!, Digest = Digest.ComputeSha256(manifestBytes), Size = manifestBytes.Length, Platform = platform },
            ManifestBytes = manifestBytes,
            Config = configDescriptor,
            ConfigBytes = configBytes,
            BaseLayers = baseLayers.ToList<ILayer>(),
            AppLayers = appLayers,
            Platform = platform,
            Base = baseImage ?? new BaseImageInfo("scratch", null),
            Blobs = Blobs,
        };
    }

    /// <summary>An OCI index over <paramref name="images"/> (one entry per platform), and its bytes.</summary>
    public static (Descriptor Index, byte[] Bytes) BuildIndex(IReadOnlyList<BuiltImage> images)
    {
        var index = new ImageIndex
        {
            MediaType = MediaTypes.OciIndex,
            Manifests = images.Select(image => image.Manifest with { Platform = image.Platform }).ToList(),
        };
        byte[] bytes = OciJson.Serialize(index);
        return (new Descriptor { MediaType = MediaTypes.OciIndex, Digest = Digest.ComputeSha256(bytes), Size = bytes.Length }, bytes);
    }
}
