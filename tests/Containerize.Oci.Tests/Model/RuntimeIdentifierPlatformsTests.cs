using Containerize.Oci.Errors;
using Containerize.Oci.Model;

namespace Containerize.Oci.Tests.Model;

public sealed class RuntimeIdentifierPlatformsTests
{
    [Theory]
    [InlineData("linux-x64", "linux/amd64")]
    [InlineData("linux-arm64", "linux/arm64/v8")]
    [InlineData("linux-arm", "linux/arm/v7")]
    [InlineData("linux-x86", "linux/386")]
    [InlineData("linux-musl-x64", "linux/amd64")]
    [InlineData("linux-musl-arm64", "linux/arm64/v8")]
    [InlineData("linux-musl-arm", "linux/arm/v7")]
    [InlineData("linux-s390x", "linux/s390x")]
    [InlineData("linux-ppc64le", "linux/ppc64le")]
    [InlineData("linux-riscv64", "linux/riscv64")]
    [InlineData("linux-loongarch64", "linux/loong64")]
    public void MapsLinuxRuntimeIdentifiers(string runtimeIdentifier, string platform)
    {
        Assert.Equal(platform, RuntimeIdentifierPlatforms.FromRuntimeIdentifier(runtimeIdentifier).ToString());
    }

    [Theory]
    [InlineData("win-x64")]
    [InlineData("osx-arm64")]
    [InlineData("linux-mips")]
    [InlineData("linux")]
    [InlineData("")]
    public void RefusesOthers(string runtimeIdentifier)
    {
        var exception = Assert.Throws<ContainerizeException>(() => RuntimeIdentifierPlatforms.FromRuntimeIdentifier(runtimeIdentifier));

        Assert.Equal(ErrorCodes.UnsupportedRuntimeIdentifier, exception.Code);
        Assert.Contains($"'{runtimeIdentifier}'", exception.Message, StringComparison.Ordinal);
    }
}
