using Containerize.Oci.Registry;
using Containerize.Oci.Registry.Transport;

namespace Containerize.Oci.Tests.Registry;

/// <summary>DOTNET_CONTAINER_INSECURE_REGISTRIES as the SDK's docs write it (<c>;</c>) and as it was read before (<c>,</c>).</summary>
public sealed class InsecureRegistryListTests
{
    [Theory]
    [InlineData("a.example;b.example:5000")]
    [InlineData("a.example,b.example:5000")]
    [InlineData(" a.example ; b.example:5000 ,")]
    public void Semicolons_and_commas_both_separate_insecure_registries(string list)
    {
        RegistryOptions options = RegistryTestContext.Options(new Dictionary<string, string> { ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = list });

        Assert.True(new RegistryEndpoint("a.example", options).IsListedInsecure);
        Assert.True(new RegistryEndpoint("b.example:5000", options).IsListedInsecure);
        Assert.False(new RegistryEndpoint("c.example", options).IsListedInsecure);
    }
}
