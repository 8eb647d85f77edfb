namespace Containerize.TestSupport.Registry;

/// <summary>
/// Reads what a real registry server stored, from its storage folder: what was uploaded is counted at the registry,
/// not taken from our client's word.
/// </summary>
public static class RegistryStorage
{
    /// <summary>Every blob the registry holds (layers, configs and manifests), digest to size.</summary>
    public static IReadOnlyDictionary<string, long> Blobs(DistributionRegistryServer registry)
    {
        string root = Path.Combine(registry.Directory, "storage", "docker", "registry", "v2", "blobs", "sha256");
        if (!System.IO.Directory.Exists(root))
        {
            return new Dictionary<string, long>();
        }

        return System.IO.Directory.EnumerateFiles(root, "data", SearchOption.AllDirectories)
            .ToDictionary(path => "sha256:" + Path.GetFileName(Path.GetDirectoryName(path))!, path => new FileInfo(path).Length);
    }

    /// <summary>The blobs in <paramref name="after"/> that were not in <paramref name="before"/>.</summary>
    public static IReadOnlyDictionary<string, long> Added(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after) =>
        after.Where(blob => !before.ContainsKey(blob.Key)).ToDictionary(blob => blob.Key, blob => blob.Value);
}
