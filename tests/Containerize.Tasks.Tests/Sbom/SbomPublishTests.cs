using System.Text;
using System.Text.Json;
using Containerize.Tasks.Tests.Integration;
using Containerize.TestSupport;
using Containerize.TestSupport.Registry;

namespace Containerize.Tasks.Tests.Sbom;

/// <summary>
/// The SBOM of a real publish: it lists exactly the deps.json libraries, is found through the registry's referrers tag
/// schema, is the same bytes from two workspaces, passes CycloneDX's own validator, and rides along in the archive.
/// </summary>
public sealed class SbomPublishTests(SbomPublishFixture fixture) : IClassFixture<SbomPublishFixture>
{
    [Fact]
    public async Task The_SBOM_lists_exactly_the_libraries_of_the_app_s_deps_json()
    {
        using JsonDocument sbom = JsonDocument.Parse(await ReadSbomFromRegistryAsync(fixture.FirstRepository, fixture.First));
        string publishDirectory = Path.GetFullPath(Path.Combine(fixture.FirstWorkspace.ProjectDirectory("WebApi"), fixture.First.Property("PublishDir")!.Replace('\\', '/')));
        using JsonDocument deps = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(publishDirectory, "WebApi.deps.json")));
        string[] libraries = deps.RootElement.GetProperty("libraries").EnumerateObject().Select(library => library.Name).Order(StringComparer.Ordinal).ToArray();

        JsonElement app = sbom.RootElement.GetProperty("metadata").GetProperty("component");
        JsonElement[] components = sbom.RootElement.GetProperty("components").EnumerateArray().Where(c => Kind(c) != "base-image").ToArray();
        string[] listed = components.Append(app).Select(c => $"{c.GetProperty("name").GetString()}/{c.GetProperty("version").GetString()}").Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(libraries, listed);
        Assert.Contains(components, c => Kind(c) == "project" && c.GetProperty("name").GetString() == "WebApi.Core" && !c.TryGetProperty("purl", out _));
        Assert.Contains(components, c => Kind(c) == "runtimepack" && c.GetProperty("purl").GetString()!.StartsWith("pkg:nuget/runtimepack.Microsoft.NETCore.App.Runtime.linux-x64@", StringComparison.Ordinal));
        JsonElement[] packages = components.Where(c => Kind(c) == "package").ToArray();
        Assert.NotEmpty(packages);
        Assert.All(packages, c => Assert.Equal($"pkg:nuget/{c.GetProperty("name").GetString()}@{c.GetProperty("version").GetString()}", c.GetProperty("purl").GetString()));
    }

    [Fact]
    public async Task The_base_image_is_listed_by_the_digest_the_registry_has_for_it()
    {
        using JsonDocument sbom = JsonDocument.Parse(await ReadSbomFromRegistryAsync(fixture.FirstRepository, fixture.First));
        ProcessResult inspected = (await ProcessRunner.RunAsync("skopeo", ["inspect", "--tls-verify=false", $"docker://{fixture.BaseReference}"])).EnsureSuccess();
        string baseDigest = JsonDocument.Parse(inspected.StandardOutput).RootElement.GetProperty("Digest").GetString()!;

        JsonElement baseImage = Assert.Single(sbom.RootElement.GetProperty("components").EnumerateArray(), c => Kind(c) == "base-image");

        Assert.Equal((fixture.BaseReference, baseDigest), (baseImage.GetProperty("name").GetString(), baseImage.GetProperty("version").GetString()));
    }

    /// <summary>The documents, not the referrer manifests: those name each build's image as their subject.</summary>
    [Fact]
    public async Task Two_builds_in_two_workspaces_push_the_same_SBOM_bytes()
    {
        byte[] first = await ReadSbomFromRegistryAsync(fixture.FirstRepository, fixture.First);
        byte[] second = await ReadSbomFromRegistryAsync("sbom/second", fixture.Second);

        Assert.Equal(first, second);
        Assert.Equal(fixture.First.Property("ContainerizeSbomDigest"), fixture.Second.Property("ContainerizeSbomDigest"));
    }

    [Fact]
    public async Task The_pushed_SBOM_passes_CycloneDX_s_own_strict_validator()
    {
        string file = Path.Combine(RepositoryPaths.CreateWorkDirectory("sbom-validate-publish"), "webapi.cdx.json");
        await File.WriteAllBytesAsync(file, await ReadSbomFromRegistryAsync(fixture.FirstRepository, fixture.First));

        ProcessResult result = await SbomValidator.ValidateAsync(file);

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
    }

    [Fact]
    public async Task The_archive_holds_the_SBOM_and_skopeo_and_podman_still_take_it()
    {
        string archive = fixture.First.Property("ContainerArchivePath")!;
        string extracted = RepositoryPaths.CreateWorkDirectory("sbom-archive-extract");
        (await ProcessRunner.RunAsync("tar", ["-xf", archive, "-C", extracted])).EnsureSuccess();
        string sbomDigest = fixture.First.Property("ContainerizeSbomDigest")!;

        byte[] inArchive = await File.ReadAllBytesAsync(Path.Combine(extracted, "blobs", "sha256", sbomDigest["sha256:".Length..]));
        using JsonDocument index = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(extracted, "index.json")));
        JsonElement[] entries = index.RootElement.GetProperty("manifests").EnumerateArray().ToArray();
        ProcessResult inspected = (await ProcessRunner.RunAsync("skopeo", ["inspect", $"oci-archive:{archive}:1.0"])).EnsureSuccess();
        // By image ID (the config digest): the name podman gives a loaded archive is not this test's subject.
        ProcessResult podman = (await ProcessRunner.RunAsync("podman", ["image", "inspect", fixture.First.Property("ContainerConfigDigest")!["sha256:".Length..]])).EnsureSuccess();

        Assert.Equal(await ReadSbomFromRegistryAsync(fixture.FirstRepository, fixture.First), inArchive);
        // One entry, the image: skopeo's oci-archive:FILE without a tag takes only that; the SBOM's blobs are there beside it.
        Assert.Equal(fixture.First.Property("ContainerImageDigest"), Assert.Single(entries).GetProperty("digest").GetString());
        (await ProcessRunner.RunAsync("skopeo", ["inspect", $"oci-archive:{archive}"])).EnsureSuccess();
        Assert.Equal(fixture.First.Property("ContainerImageDigest"), JsonDocument.Parse(inspected.StandardOutput).RootElement.GetProperty("Digest").GetString());
        Assert.Contains(fixture.First.Property("ContainerConfigDigest")!["sha256:".Length..], podman.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContainerizeSbom_false_pushes_the_image_alone()
    {
        IReadOnlyList<string> tags = await RegistryTools.ListTagsAsync($"{fixture.Registry.Address}/sbom/off");

        Assert.Equal(["1.0"], tags);
        Assert.True(string.IsNullOrEmpty(fixture.Off.Property("ContainerizeSbomDigest")));
    }

    private static string? Kind(JsonElement component) =>
        component.GetProperty("properties").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "containerize:kind").GetProperty("value").GetString();

    /// <summary>As any client without the referrers API finds it: the subject's <c>sha256-HEX</c> tag, the referrer manifest it lists, its layer.</summary>
    private async Task<byte[]> ReadSbomFromRegistryAsync(string repository, PublishRun run)
    {
        string imageDigest = run.Property("ContainerImageDigest")!;
        string registry = fixture.Registry.Address;
        string referrers = await RawAsync($"docker://{registry}/{repository}:sha256-{imageDigest["sha256:".Length..]}");
        JsonElement entry = Assert.Single(JsonDocument.Parse(referrers).RootElement.GetProperty("manifests").EnumerateArray());
        Assert.Equal("application/vnd.cyclonedx+json", entry.GetProperty("artifactType").GetString());
        using JsonDocument manifest = JsonDocument.Parse(await RawAsync($"docker://{registry}/{repository}@{entry.GetProperty("digest").GetString()}"));
        Assert.Equal(imageDigest, manifest.RootElement.GetProperty("subject").GetProperty("digest").GetString());
        string layer = manifest.RootElement.GetProperty("layers")[0].GetProperty("digest").GetString()!;
        using var http = new HttpClient();
        return await http.GetByteArrayAsync($"http://{registry}/v2/{repository}/blobs/{layer}");
    }

    private static async Task<string> RawAsync(string reference) =>
        (await ProcessRunner.RunAsync("skopeo", ["inspect", "--raw", "--tls-verify=false", reference])).EnsureSuccess().StandardOutput;
}
