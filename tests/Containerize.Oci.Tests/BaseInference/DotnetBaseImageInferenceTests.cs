using Containerize.Oci.BaseInference;
using Containerize.Oci.Errors;

namespace Containerize.Oci.Tests.BaseInference;

/// <summary>
/// The SDK's inference rules, case by case (the integration test compares the whole table with the SDK's own target;
/// these name the cases the SDK's rules were seen to differ from ours on).
/// </summary>
public sealed class DotnetBaseImageInferenceTests
{
    [Theory]
    [InlineData(false, false, false, false, "linux-x64", null, "mcr.microsoft.com/dotnet/runtime:10.0")]
    [InlineData(true, false, false, false, "linux-x64", null, "mcr.microsoft.com/dotnet/runtime-deps:10.0")]
    [InlineData(true, true, true, false, "linux-x64", null, "mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled-extra")]
    [InlineData(true, true, true, true, "linux-x64", null, "mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled")]
    [InlineData(true, false, true, false, "linux-x64", null, "mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled-extra")]
    [InlineData(true, true, true, false, "linux-musl-x64", null, "mcr.microsoft.com/dotnet/runtime-deps:10.0-alpine-extra")]
    [InlineData(false, false, false, false, "linux-musl-arm64", null, "mcr.microsoft.com/dotnet/runtime:10.0-alpine")]
    [InlineData(false, false, false, false, "linux-x64", "noble-chiseled", "mcr.microsoft.com/dotnet/runtime:10.0-noble-chiseled-extra")]
    [InlineData(false, false, false, true, "linux-x64", "noble-chiseled", "mcr.microsoft.com/dotnet/runtime:10.0-noble-chiseled")]
    [InlineData(false, false, false, false, "linux-musl-x64", "noble-chiseled", "mcr.microsoft.com/dotnet/runtime:10.0-noble-chiseled")]
    [InlineData(false, false, false, false, "linux-x64", "alpine", "mcr.microsoft.com/dotnet/runtime:10.0-alpine")]
    public void The_repository_and_flavour_follow_the_SDK(bool selfContained, bool aot, bool trimmed, bool invariant, string rid, string? family, string expected)
    {
        string inferred = DotnetBaseImageInference.Infer(Input() with
        {
            IsSelfContained = selfContained, IsAot = aot, IsTrimmed = trimmed, UsesInvariantGlobalization = invariant, RuntimeIdentifiers = [rid], Family = family,
        });

        Assert.Equal(expected, inferred);
    }

    [Theory]
    [InlineData("10.0.100-preview.7.25380.108", "10.0", "runtime:10.0.0-preview.7")]
    [InlineData("10.0.100-rc.2.25502.107", "10.0", "runtime:10.0.0-rc.2")]
    [InlineData("10.0.100-alpha.1.25070.1", "10.0", "runtime:10.0-preview")]
    [InlineData("10.0.100-rtm.25523.111", "10.0", "runtime:10.0")]
    [InlineData("10.0.200-preview.1.25600.1", "10.0", "runtime:10.0")]
    [InlineData("11.0.100-preview.1.26078.121", "10.0", "runtime:10.0")]
    [InlineData("10.0.401", "9.0", "runtime:9.0")]
    [InlineData("10.0.401", "7.0", "runtime:7.0")]
    public void The_version_part_follows_the_TFM_and_preview_SDKs_get_preview_tags(string sdk, string tfm, string expected)
    {
        Assert.Equal($"mcr.microsoft.com/dotnet/{expected}", DotnetBaseImageInference.Infer(Input() with { SdkVersion = sdk, TargetFrameworkVersion = tfm }));
    }

    [Theory]
    [InlineData("8.0.204", "runtime:8.0-jammy-chiseled-extra")]
    [InlineData("8.0.300", "runtime:8.0-noble-chiseled-extra")]
    [InlineData("8.0.300-preview.1.24100.1", "runtime:8.0-jammy-chiseled-extra")]
    public void The_Ubuntu_codename_is_noble_from_SDK_8_0_300(string sdk, string expected)
    {
        Assert.Equal($"mcr.microsoft.com/dotnet/{expected}", DotnetBaseImageInference.Infer(Input() with { SdkVersion = sdk, TargetFrameworkVersion = "8.0", IsAot = true, IsTrimmed = true }));
    }

    [Fact]
    public void Musl_follows_from_a_list_of_RIDs_and_a_mix_is_refused()
    {
        Assert.EndsWith(":10.0-alpine", DotnetBaseImageInference.Infer(Input() with { RuntimeIdentifiers = ["linux-musl-x64", "linux-musl-arm64"] }), StringComparison.Ordinal);

        ContainerizeException error = Assert.Throws<ContainerizeException>(() => DotnetBaseImageInference.Infer(Input() with { RuntimeIdentifiers = ["linux-musl-x64", "linux-arm64"] }));
        Assert.Equal(ErrorCodes.BaseInferenceMixedRuntimeIdentifiers, error.Code);
        Assert.Contains("linux-musl-x64;linux-arm64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_preview_channel_without_tags_is_refused()
    {
        ContainerizeException error = Assert.Throws<ContainerizeException>(() => DotnetBaseImageInference.Infer(Input() with { SdkVersion = "10.0.100-beta.1" }));

        Assert.Equal(ErrorCodes.BaseInferenceInvalidSdkVersion, error.Code);
    }

    [Theory]
    [InlineData(null, "mcr.microsoft.com/dotnet/aspnet:10.0")]
    [InlineData("mirror.example:5000", "mirror.example:5000/dotnet/aspnet:10.0")]
    [InlineData(" mirror.example/mcr/ ", "mirror.example/mcr/dotnet/aspnet:10.0")]
    public void A_mirror_replaces_the_default_registry(string? mirror, string expected)
    {
        Assert.Equal(expected, DotnetBaseImageInference.Infer(Input() with { IsAspNetCore = true, Registry = DefaultBaseRegistry.Parse(mirror) }));
    }

    [Theory]
    [InlineData("https://mirror.example")]
    [InlineData("mirror.example/Upper")]
    [InlineData("mirror example")]
    public void A_malformed_mirror_is_CTZ2019(string mirror)
    {
        ContainerizeException error = Assert.Throws<ContainerizeException>(() => DefaultBaseRegistry.Parse(mirror));

        Assert.Equal(ErrorCodes.InvalidDefaultBaseRegistry, error.Code);
        Assert.Contains(mirror, error.Message, StringComparison.Ordinal);
    }

    private static DotnetBaseImageInput Input() => new() { SdkVersion = "10.0.401", TargetFrameworkVersion = "10.0", RuntimeIdentifiers = ["linux-x64"] };
}
