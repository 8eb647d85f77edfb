using Containerize.Oci.Errors;

namespace Containerize.Oci.Model;

/// <summary>Maps a .NET runtime identifier to the OCI platform its images run on.</summary>
public static class RuntimeIdentifierPlatforms
{
    /// <summary>The RIDs we can build images for, for error messages.</summary>
    public const string Supported =
        "linux-x64, linux-arm64, linux-arm, linux-x86, linux-s390x, linux-ppc64le, linux-riscv64, linux-loongarch64, and the same with linux-musl-";

    /// <summary>linux-x64 → linux/amd64, linux-arm64 → linux/arm64/v8, linux-arm → linux/arm/v7, …; musl RIDs map like glibc ones.</summary>
    public static Platform FromRuntimeIdentifier(string runtimeIdentifier)
    {
        string architecture = runtimeIdentifier switch
        {
            _ when runtimeIdentifier.StartsWith("linux-musl-", StringComparison.Ordinal) => runtimeIdentifier["linux-musl-".Length..],
            _ when runtimeIdentifier.StartsWith("linux-", StringComparison.Ordinal) => runtimeIdentifier["linux-".Length..],
            _ => "",
        };
        Platform? platform = architecture switch
        {
            "x64" => new Platform { Os = "linux", Architecture = "amd64" },
            "arm64" => new Platform { Os = "linux", Architecture = "arm64", Variant = "v8" },
            "arm" => new Platform { Os = "linux", Architecture = "arm", Variant = "v7" },
            "x86" => new Platform { Os = "linux", Architecture = "386" },
            "s390x" => new Platform { Os = "linux", Architecture = "s390x" },
            "ppc64le" => new Platform { Os = "linux", Architecture = "ppc64le" },
            "riscv64" => new Platform { Os = "linux", Architecture = "riscv64" },
            "loongarch64" => new Platform { Os = "linux", Architecture = "loong64" },
            _ => null,
        };
        return platform ?? throw new ContainerizeException(
            ErrorCodes.UnsupportedRuntimeIdentifier,
            $"The runtime identifier '{runtimeIdentifier}' has no Linux container platform.",
            $"Publish for one of: {Supported} (set RuntimeIdentifier or ContainerRuntimeIdentifier).");
    }
}
