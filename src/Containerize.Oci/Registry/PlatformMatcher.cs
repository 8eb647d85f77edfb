using Containerize.Oci.Model;

namespace Containerize.Oci.Registry;

/// <summary>Picks an index entry for a platform: OS and architecture must match; the variant too when asked for (arm64 means v8 by default).</summary>
internal static class PlatformMatcher
{
    public static Descriptor? Select(IReadOnlyList<Descriptor> manifests, Platform wanted) =>
        manifests
            .Where(entry => entry.Platform is { } platform && Matches(platform, wanted))
            .OrderByDescending(entry => entry.Platform!.Variant == wanted.Variant ? 1 : 0)
            .FirstOrDefault();

    public static bool Matches(Platform candidate, Platform wanted) =>
        string.Equals(candidate.Os, wanted.Os, StringComparison.OrdinalIgnoreCase)
        && string.Equals(candidate.Architecture, wanted.Architecture, StringComparison.OrdinalIgnoreCase)
        && (wanted.Variant is null || string.Equals(NormalizeVariant(candidate), NormalizeVariant(wanted), StringComparison.OrdinalIgnoreCase));

    private static string? NormalizeVariant(Platform platform) =>
        platform.Variant ?? (platform.Architecture == "arm64" ? "v8" : null);
}
