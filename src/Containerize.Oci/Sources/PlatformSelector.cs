using Containerize.Oci.Model;

namespace Containerize.Oci.Sources;

/// <summary>Picks the manifest for a platform from an index's entries, ignoring attestation entries.</summary>
public static class PlatformSelector
{
    /// <summary>The manifest for <paramref name="wanted"/>: an exact match first, then arm64 with or without v8. Null when none.</summary>
    public static Descriptor? Select(IEnumerable<Descriptor> manifests, Platform wanted)
    {
        List<Descriptor> candidates = Platforms(manifests).Where(entry => entry.Platform!.Os == wanted.Os && entry.Platform.Architecture == wanted.Architecture).ToList();
        return candidates.FirstOrDefault(entry => entry.Platform!.Variant == wanted.Variant)
            ?? candidates.FirstOrDefault(entry => NormalizeVariant(entry.Platform!) == NormalizeVariant(wanted));
    }

    /// <summary>The runnable platforms an index offers (attestations left out), for messages such as "the index has linux/amd64, linux/arm64/v8".</summary>
    public static string Describe(IEnumerable<Descriptor> manifests)
    {
        string[] platforms = Platforms(manifests).Select(entry => entry.Platform!.ToString()).Distinct().ToArray();
        return platforms.Length == 0 ? "no platforms" : string.Join(", ", platforms);
    }

    private static IEnumerable<Descriptor> Platforms(IEnumerable<Descriptor> manifests) =>
        manifests.Where(entry => entry.Platform is { } platform
            && platform.Os != "unknown"
            && platform.Architecture != "unknown"
            && !(entry.Annotations?.ContainsKey("vnd.docker.reference.type") ?? false));

    // arm64 images are v8 whether or not the index says so.
    private static string? NormalizeVariant(Platform platform) =>
        platform.Architecture == "arm64" && platform.Variant is null ? "v8" : platform.Variant;
}
