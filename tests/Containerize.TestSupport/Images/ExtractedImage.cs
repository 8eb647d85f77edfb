using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;

namespace Containerize.TestSupport.Images;

/// <summary>
/// An image archive unpacked into a folder and read with nothing but System.Formats.Tar and System.Text.Json, so tests
/// check our writer's output independently of the library that wrote it.
/// </summary>
public sealed class ExtractedImage
{
    private ExtractedImage(string layoutDirectory, JsonElement index, JsonElement manifest, string manifestDigest, JsonElement config, IReadOnlyList<LayerContent> layers)
    {
        LayoutDirectory = layoutDirectory;
        Index = index;
        Manifest = manifest;
        ManifestDigest = manifestDigest;
        Config = config;
        Layers = layers;
    }

    /// <summary>The OCI layout folder the archive was unpacked into.</summary>
    public string LayoutDirectory { get; }

    public JsonElement Index { get; }

    public JsonElement Manifest { get; }

    public string ManifestDigest { get; }

    public JsonElement Config { get; }

    /// <summary>All layers in manifest order (base first).</summary>
    public IReadOnlyList<LayerContent> Layers { get; }

    /// <summary>The archive's Docker-style manifest.json, or null when there is none.</summary>
    public JsonElement? DockerManifest =>
        File.Exists(Path.Combine(LayoutDirectory, "manifest.json"))
            ? JsonDocument.Parse(File.ReadAllBytes(Path.Combine(LayoutDirectory, "manifest.json"))).RootElement
            : null;

    public static ExtractedImage Load(string archivePath, string extractDirectory)
    {
        Directory.CreateDirectory(extractDirectory);
        TarFile.ExtractToDirectory(archivePath, extractDirectory, overwriteFiles: true);
        return LoadLayout(extractDirectory);
    }

    public static ExtractedImage LoadLayout(string layoutDirectory)
    {
        JsonElement index = ReadJson(Path.Combine(layoutDirectory, "index.json"));
        string manifestDigest = index.GetProperty("manifests")[0].GetProperty("digest").GetString()!;
        JsonElement manifest = ReadJson(BlobPath(layoutDirectory, manifestDigest));
        JsonElement config = ReadJson(BlobPath(layoutDirectory, manifest.GetProperty("config").GetProperty("digest").GetString()!));
        var layers = new List<LayerContent>();
        foreach (JsonElement layer in manifest.GetProperty("layers").EnumerateArray())
        {
            string digest = layer.GetProperty("digest").GetString()!;
            layers.Add(new LayerContent(digest, layer.GetProperty("mediaType").GetString()!, layer.GetProperty("size").GetInt64(), ReadEntries(BlobPath(layoutDirectory, digest))));
        }

        return new ExtractedImage(layoutDirectory, index, manifest, manifestDigest, config, layers);
    }

    public static string BlobPath(string layoutDirectory, string digest)
    {
        string[] parts = digest.Split(':', 2);
        return Path.Combine(layoutDirectory, "blobs", parts[0], parts[1]);
    }

    private static IReadOnlyList<LayerFile> ReadEntries(string blobPath)
    {
        var entries = new List<LayerFile>();
        using FileStream file = File.OpenRead(blobPath);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        while (reader.GetNextEntry() is { } entry)
        {
            string path = "/" + entry.Name.TrimStart('.').Trim('/');
            entries.Add(new LayerFile(path, entry.EntryType, entry.Mode, entry.Uid, entry.Gid, entry.ModificationTime, entry.LinkName, entry.Length));
        }

        return entries;
    }

    private static JsonElement ReadJson(string path) => JsonDocument.Parse(File.ReadAllBytes(path)).RootElement;
}
