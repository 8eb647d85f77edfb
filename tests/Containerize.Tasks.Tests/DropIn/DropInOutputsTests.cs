using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Containerize.TestSupport;

namespace Containerize.Tasks.Tests.DropIn;

/// <summary>
/// What a project moved from the SDK reads after a publish: the SDK's Generated* outputs and resolved ContainerBase*
/// (through -getProperty / -getItem), and LocalRegistry=Podman, checked by podman itself.
/// </summary>
public sealed class DropInOutputsTests : IClassFixture<DropInPublishFixture>
{
    private readonly DropInPublishFixture _fixture;

    public DropInOutputsTests(DropInPublishFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public void The_generated_manifest_and_configuration_are_the_exact_bytes_their_digests_name()
    {
        string manifest = Property("GeneratedContainerManifest");
        string configuration = Property("GeneratedContainerConfiguration");

        Assert.Equal(Property("ContainerImageDigest"), Property("GeneratedContainerDigest"));
        Assert.Equal(Property("GeneratedContainerDigest"), Sha256(manifest));
        Assert.Equal(Property("ContainerConfigDigest"), Sha256(configuration));
        using JsonDocument parsed = JsonDocument.Parse(manifest);
        Assert.Equal(parsed.RootElement.GetProperty("mediaType").GetString(), Property("GeneratedContainerMediaType"));
        Assert.Equal(Property("ContainerConfigDigest"), parsed.RootElement.GetProperty("config").GetProperty("digest").GetString());
        Assert.Equal(_fixture.ArchivePath, Property("GeneratedArchiveOutputPath"));
    }

    [Fact]
    public void GeneratedContainerName_has_every_pushed_name_and_GeneratedContainer_carries_the_manifest()
    {
        Assert.Equal(
            [$"{_fixture.Registry.Address}/{_fixture.Repository}:1.0", $"{_fixture.Registry.Address}/{_fixture.Repository}:latest"],
            _fixture.Run.Items("GeneratedContainerName").Select(item => item.GetProperty("Identity").GetString()));
        JsonElement container = Assert.Single(_fixture.Run.Items("GeneratedContainer"));
        Assert.Equal(Property("GeneratedContainerDigest"), container.GetProperty("ManifestDigest").GetString());
        Assert.Equal(Property("GeneratedContainerMediaType"), container.GetProperty("ManifestMediaType").GetString());
        Assert.Equal(Property("GeneratedContainerManifest"), container.GetProperty("Manifest").GetString());
        Assert.Equal(Property("GeneratedContainerConfiguration"), container.GetProperty("Configuration").GetString());
    }

    [Fact]
    public void The_resolved_base_is_reported_as_the_SDKs_ContainerBase_properties()
    {
        Assert.Equal(_fixture.Registry.Address, Property("ContainerBaseRegistry"));
        Assert.Equal("dotnet/runtime-deps", Property("ContainerBaseName"));
        Assert.Equal("10.0", Property("ContainerBaseTag"));
        Assert.StartsWith("sha256:", Property("ContainerBaseDigest"), StringComparison.Ordinal);
        Assert.Contains($"resolved to {_fixture.Registry.Address}/dotnet/runtime-deps@{Property("ContainerBaseDigest")}", _fixture.Run.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalRegistry_Podman_loads_the_image_that_podman_lists_with_our_config_under_every_tag()
    {
        using JsonDocument configuration = JsonDocument.Parse(Property("GeneratedContainerConfiguration"));
        JsonElement expected = configuration.RootElement.GetProperty("config");

        foreach (string tag in new[] { "1.0", "latest" })
        {
            ProcessResult inspect = (await ProcessRunner.RunAsync("podman", ["image", "inspect", $"localhost/{_fixture.Repository}:{tag}"])).EnsureSuccess();
            JsonElement image = JsonDocument.Parse(inspect.StandardOutput).RootElement[0];
            Assert.Equal(Property("ContainerConfigDigest"), "sha256:" + image.GetProperty("Id").GetString());
            JsonElement config = image.GetProperty("Config");
            Assert.Equal(Strings(expected.GetProperty("Entrypoint")), Strings(config.GetProperty("Entrypoint")));
            Assert.Equal(expected.GetProperty("WorkingDir").GetString(), config.GetProperty("WorkingDir").GetString());
            Assert.Equal(expected.GetProperty("User").GetString(), config.GetProperty("User").GetString());
            Assert.Equal(Strings(expected.GetProperty("Env")), Strings(config.GetProperty("Env")));
        }

        Assert.Contains($"Loaded into Podman: localhost/{_fixture.Repository}:1.0", _fixture.Run.Log, StringComparison.Ordinal);
    }

    private string Property(string name) => _fixture.Run.Property(name) ?? throw new Xunit.Sdk.XunitException($"{name} was not read back.");

    private static string Sha256(string text) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string?[] Strings(JsonElement array) => array.EnumerateArray().Select(value => value.GetString()).ToArray();
}
