using Containerize.Oci.Digests;
using Containerize.Oci.Model;
using Containerize.Oci.Sources;

namespace Containerize.Oci.Tests.Sources;

public sealed class PlatformSelectorTests
{
    private static Descriptor Entry(string name, string os, string architecture, string? variant = null, bool attestation = false) => new()
    {
        MediaType = MediaTypes.OciManifest,
        Digest = Digest.ComputeSha256(System.Text.Encoding.UTF8.GetBytes(name)),
        Size = 1,
        Platform = new Platform { Os = os, Architecture = architecture, Variant = variant },
        Annotations = attestation ? new Dictionary<string, string> { ["vnd.docker.reference.type"] = "attestation-manifest" } : null,
    };

    private static readonly Descriptor[] s_index =
    [
        Entry("unknown", "unknown", "unknown"),
        Entry("amd64", "linux", "amd64"),
        Entry("arm64-no-variant", "linux", "arm64"),
        Entry("armv6", "linux", "arm", "v6"),
        Entry("armv7", "linux", "arm", "v7"),
        Entry("attestation", "linux", "s390x", attestation: true),
    ];

    [Theory]
    [InlineData("linux-x64", "amd64")]
    [InlineData("linux-arm64", "arm64-no-variant")]
    [InlineData("linux-arm", "armv7")]
    public void SelectsThePlatform(string runtimeIdentifier, string expected)
    {
        Descriptor? selected = PlatformSelector.Select(s_index, RuntimeIdentifierPlatforms.FromRuntimeIdentifier(runtimeIdentifier));

        Assert.Equal(Entry(expected, "", "").Digest, selected?.Digest);
    }

    [Fact]
    public void PrefersAnExactVariant()
    {
        Descriptor[] index = [Entry("plain", "linux", "arm64"), Entry("v8", "linux", "arm64", "v8")];

        Assert.Equal(index[1].Digest, PlatformSelector.Select(index, RuntimeIdentifierPlatforms.FromRuntimeIdentifier("linux-arm64"))!.Digest);
    }

    [Fact]
    public void IgnoresAttestationsAndUnknownEntries()
    {
        Assert.Null(PlatformSelector.Select(s_index, RuntimeIdentifierPlatforms.FromRuntimeIdentifier("linux-s390x")));
        Assert.Equal("linux/amd64, linux/arm64, linux/arm/v6, linux/arm/v7", PlatformSelector.Describe(s_index));
    }
}
