using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Containerize.TestSupport.Samples;

/// <summary>
/// A two-platform base for multi-platform tests: a copy of the Debian base's layout whose tag names an index of the
/// real linux/amd64 image and a linux/arm64/v8 one. The arm64 image is the same amd64 root file system under an arm64
/// config: only an index's shape and our arm64 layers are checked on it, never a start (nothing arm64 runs here), so
/// builds on it turn the run check off.
/// </summary>
public static class TwoPlatformBase
{
    private static readonly Lazy<Task<string>> s_reference = new(MakeAsync);

    public static Task<string> GetReferenceAsync() => s_reference.Value;

    private static async Task<string> MakeAsync()
    {
        await DebianBase.GetReferenceAsync();
        string layout = RepositoryPaths.CreateWorkDirectory("two-platform-base");
        CopyDirectory(DebianBase.LayoutDirectory, layout);
        JsonNode index = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(layout, "index.json")))!;
        JsonObject amd64 = index["manifests"]![0]!.AsObject();
        amd64.Remove("annotations");
        JsonNode manifest = JsonNode.Parse(await File.ReadAllBytesAsync(BlobPath(layout, amd64["digest"]!.GetValue<string>())))!;
        JsonNode config = JsonNode.Parse(await File.ReadAllBytesAsync(BlobPath(layout, manifest["config"]!["digest"]!.GetValue<string>())))!;
        config["architecture"] = "arm64";
        config["variant"] = "v8";
        manifest["config"] = Blob(layout, config, manifest["config"]!["mediaType"]!.GetValue<string>());
        JsonObject arm64 = Blob(layout, manifest, amd64["mediaType"]!.GetValue<string>());
        amd64["platform"] = new JsonObject { ["architecture"] = "amd64", ["os"] = "linux" };
        arm64["platform"] = new JsonObject { ["architecture"] = "arm64", ["os"] = "linux", ["variant"] = "v8" };
        var nested = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.index.v1+json",
            ["manifests"] = new JsonArray(amd64.DeepClone(), arm64),
        };
        JsonObject entry = Blob(layout, nested, "application/vnd.oci.image.index.v1+json");
        entry["annotations"] = new JsonObject { ["org.opencontainers.image.ref.name"] = "latest" };
        index["manifests"] = new JsonArray(entry);
        await File.WriteAllTextAsync(Path.Combine(layout, "index.json"), index.ToJsonString());
        return $"oci:{layout}:latest";
    }

    private static JsonObject Blob(string layout, JsonNode content, string mediaType)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(content.ToJsonString());
        string digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        File.WriteAllBytes(BlobPath(layout, digest), bytes);
        return new JsonObject { ["mediaType"] = mediaType, ["digest"] = digest, ["size"] = bytes.Length };
    }

    private static string BlobPath(string layout, string digest) => Path.Combine(layout, "blobs", "sha256", digest["sha256:".Length..]);

    private static void CopyDirectory(string source, string destination)
    {
        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
