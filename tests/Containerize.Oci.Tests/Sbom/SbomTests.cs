using System.Net;
using System.Text.Json;
using Containerize.Oci.Building;
using Containerize.Oci.Destinations;
using Containerize.Oci.Digests;
using Containerize.Oci.Errors;
using Containerize.Oci.Model;
using Containerize.Oci.References;
using Containerize.Oci.Sbom;
using Containerize.Oci.Tests.Destinations;
using Containerize.Oci.Tests.Registry;
using Containerize.Oci.Tests.Sources;
using Containerize.Oci.Validation;
using Containerize.TestSupport;
using Containerize.TestSupport.Registry;
using Xunit.Abstractions;

namespace Containerize.Oci.Tests.Sbom;

/// <summary>The CycloneDX document from a deps.json, its referrer manifest, and where it goes: a real registry without the referrers API, a layout, an archive.</summary>
public sealed class SbomTests(DistributionRegistryFixture registry, ITestOutputHelper output) : IClassFixture<DistributionRegistryFixture>
{
    private const string DepsJson = """
        {
          "runtimeTarget": { "name": ".NETCoreApp,Version=v10.0/linux-x64" },
          "targets": { ".NETCoreApp,Version=v10.0/linux-x64": {} },
          "libraries": {
            "Shop.Api/1.2.0": { "type": "project", "serviceable": false, "sha512": "" },
            "runtimepack.Microsoft.NETCore.App.Runtime.linux-x64/10.0.0": { "type": "runtimepack", "serviceable": false, "sha512": "" },
            "Serilog/4.0.1": { "type": "package", "serviceable": true, "sha512": "sha512-x", "path": "serilog/4.0.1" },
            "Humanizer.Core/2.14.1-beta": { "type": "package", "serviceable": true, "sha512": "sha512-y", "path": "humanizer.core/2.14.1-beta" },
            "Shop.Core/1.0.0": { "type": "project", "serviceable": false, "sha512": "" }
          }
        }
        """;

    private static readonly Digest BaseDigest = Digest.ComputeSha256("base"u8);

    [Fact]
    public void The_document_lists_every_library_with_its_purl_and_the_base_by_digest()
    {
        using JsonDocument document = JsonDocument.Parse(CycloneDxWriter.Write(Request(WriteDepsJson())));
        JsonElement root = document.RootElement;

        Assert.Equal(("CycloneDX", "1.5"), (root.GetProperty("bomFormat").GetString(), root.GetProperty("specVersion").GetString()));
        Assert.Equal("2000-01-01T00:00:00Z", root.GetProperty("metadata").GetProperty("timestamp").GetString());
        Assert.Equal(("Shop.Api", "1.2.0"), (root.GetProperty("metadata").GetProperty("component").GetProperty("name").GetString(), root.GetProperty("metadata").GetProperty("component").GetProperty("version").GetString()));
        var components = root.GetProperty("components").EnumerateArray()
            .Select(c => (Name: c.GetProperty("name").GetString(), Version: c.TryGetProperty("version", out JsonElement v) ? v.GetString() : null, Purl: c.TryGetProperty("purl", out JsonElement p) ? p.GetString() : null))
            .ToList();
        Assert.Equal(
            [
                ("Humanizer.Core", "2.14.1-beta", "pkg:nuget/Humanizer.Core@2.14.1-beta"),
                ("Serilog", "4.0.1", "pkg:nuget/Serilog@4.0.1"),
                ("Shop.Core", "1.0.0", null),
                ("runtimepack.Microsoft.NETCore.App.Runtime.linux-x64", "10.0.0", "pkg:nuget/runtimepack.Microsoft.NETCore.App.Runtime.linux-x64@10.0.0"),
                ("registry.example/dotnet/runtime-deps:10.0", BaseDigest.ToString(), $"pkg:oci/runtime-deps@sha256%3A{BaseDigest.Encoded}?repository_url=registry.example%2Fdotnet%2Fruntime-deps"),
            ],
            components);
    }

    [Fact]
    public void The_same_input_gives_the_same_bytes_and_another_input_another_serial_number()
    {
        string deps = WriteDepsJson();
        byte[] first = CycloneDxWriter.Write(Request(deps));
        byte[] second = CycloneDxWriter.Write(Request(deps));
        byte[] later = CycloneDxWriter.Write(Request(deps) with { Timestamp = new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero) });

        Assert.Equal(first, second);
        string Serial(byte[] bytes) => JsonDocument.Parse(bytes).RootElement.GetProperty("serialNumber").GetString()!;
        Assert.Matches("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", Serial(first));
        Assert.NotEqual(Serial(first), Serial(later));
    }

    [Fact]
    public async Task The_document_passes_CycloneDX_s_own_strict_schema_validation()
    {
        string folder = TestLayoutBuilder.CreateTemporaryDirectory("sbom-validate");
        string valid = Path.Combine(folder, "sbom.json");
        await File.WriteAllBytesAsync(valid, CycloneDxWriter.Write(Request(WriteDepsJson())));
        string broken = Path.Combine(folder, "broken.json");
        await File.WriteAllTextAsync(broken, (await File.ReadAllTextAsync(valid)).Replace("\"type\": \"library\"", "\"type\": \"gadget\"", StringComparison.Ordinal));

        ProcessResult result = await SbomValidator.ValidateAsync(valid);
        ProcessResult refused = await SbomValidator.ValidateAsync(broken);

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Equal(1, refused.ExitCode); // the reader can fail: a component type the schema does not know
    }

    [Fact]
    public void A_deps_json_without_libraries_is_CTZ3040()
    {
        string path = Path.Combine(TestLayoutBuilder.CreateTemporaryDirectory("sbom-bad"), "App.deps.json");
        File.WriteAllText(path, "{\"targets\":{}}");

        var error = Assert.Throws<ContainerizeException>(() => DepsJsonReader.Read(path));

        Assert.Equal(ErrorCodes.SbomDepsJsonUnreadable, error.Code);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("ContainerizeSbom=false", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_referrers_API_the_registry_lists_the_SBOM_under_the_subject_s_sha256_tag()
    {
        BuiltImage image = await OciArchiveWriterTests.BuildImageAsync(docker: false);
        ImageReferrer referrer = Referrer(image);
        string repository = $"sbom/{Guid.NewGuid():N}";
        using var destination = new RegistryDestination(registry.Server.Address, repository, RegistryTestContext.Options(), new TestOutputLog(output));
        PublishableImage publishable = PublishableImage.From(image) with { Referrers = [referrer] };

        await destination.SendAsync(publishable, ImageName.ForTags(repository, ["1.0"]), default);
        await destination.SendAsync(publishable, ImageName.ForTags(repository, ["1.0"]), default);

        using var http = new HttpClient { BaseAddress = new Uri($"http://{registry.Server.Address}") };
        // The fallback is what this registry needs: distribution 2.8 has no referrers API.
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/v2/{repository}/referrers/{image.Manifest.Digest}")).StatusCode);
        string tag = $"sha256-{image.Manifest.Digest.Encoded}";
        ProcessResult listed = (await ProcessRunner.RunAsync("skopeo", ["inspect", "--raw", "--tls-verify=false", $"docker://{registry.Server.Address}/{repository}:{tag}"])).EnsureSuccess();
        ImageIndex index = OciJson.Deserialize<ImageIndex>(System.Text.Encoding.UTF8.GetBytes(listed.StandardOutput));
        Descriptor entry = Assert.Single(index.Manifests); // pushed twice, listed once
        Assert.Equal((referrer.Manifest.Digest, CycloneDxWriter.MediaType), (entry.Digest, entry.ArtifactType));

        byte[] manifestBytes = await GetAsync(http, $"/v2/{repository}/manifests/{entry.Digest}", MediaTypes.OciManifest);
        ImageManifest manifest = OciJson.Deserialize<ImageManifest>(manifestBytes);
        Assert.Equal(image.Manifest.Digest, manifest.Subject!.Digest);
        byte[] sbom = await GetAsync(http, $"/v2/{repository}/blobs/{manifest.Layers[0].Digest}", "*/*");
        Assert.Equal(referrer.Blobs[^1].Bytes, sbom);
        Assert.Equal(["1.0", tag], (await RegistryTools.ListTagsAsync($"{registry.Server.Address}/{repository}")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_layout_lists_the_SBOM_after_the_image_and_an_archive_holds_its_blobs_and_skopeo_reads_both()
    {
        BuiltImage image = await OciArchiveWriterTests.BuildImageAsync(docker: false);
        ImageReferrer referrer = Referrer(image);
        string root = TestLayoutBuilder.CreateTemporaryDirectory("sbom-layout");
        string layout = Path.Combine(root, "layout");
        string archive = Path.Combine(root, "image.tar");
        PublishableImage publishable = PublishableImage.From(image) with { Referrers = [referrer] };
        IReadOnlyList<ImageName> names = ImageName.ForTags("team/api", ["1.0"]);

        await new OciLayoutDestination(layout).SendAsync(publishable, names, default);
        await new OciLayoutDestination(layout).SendAsync(publishable, names, default);
        await new OciArchiveDestination(archive).SendAsync(publishable, names, default);

        ImageIndex index = OciJson.Deserialize<ImageIndex>(await File.ReadAllBytesAsync(Path.Combine(layout, "index.json")));
        Assert.Equal([image.Manifest.Digest, referrer.Manifest.Digest], index.Manifests.Select(entry => entry.Digest));
        Assert.Equal(CycloneDxWriter.MediaType, index.Manifests[1].ArtifactType);
        Assert.Empty(await ImageLayoutValidator.ValidateAsync(layout));
        Assert.Equal(referrer.Blobs[^1].Bytes, await File.ReadAllBytesAsync(Path.Combine(layout, "blobs", "sha256", referrer.Blobs[^1].Descriptor.Digest.Encoded)));
        foreach (string reference in new[] { $"oci:{layout}:1.0", $"oci-archive:{archive}:1.0" })
        {
            ProcessResult inspected = (await ProcessRunner.RunAsync("skopeo", ["inspect", reference])).EnsureSuccess();
            Assert.Equal(image.Manifest.Digest.ToString(), JsonDocument.Parse(inspected.StandardOutput).RootElement.GetProperty("Digest").GetString());
        }

        // An archive lists the image alone, so skopeo takes it without a tag; the referrer's blobs are in it all the same.
        (await ProcessRunner.RunAsync("skopeo", ["inspect", $"oci-archive:{archive}"])).EnsureSuccess();
        ProcessResult listing = (await ProcessRunner.RunAsync("tar", ["-tf", archive])).EnsureSuccess();
        Assert.Contains($"blobs/sha256/{referrer.Manifest.Digest.Encoded}", listing.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"blobs/sha256/{referrer.Blobs[^1].Descriptor.Digest.Encoded}", listing.StandardOutput, StringComparison.Ordinal);
    }

    private static ImageReferrer Referrer(BuiltImage image) =>
        SbomReferrer.Create(CycloneDxWriter.Write(Request(WriteDepsJson())), CycloneDxWriter.MediaType, image.Manifest with { Annotations = null });

    private static async Task<byte[]> GetAsync(HttpClient http, string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(accept);
        using HttpResponseMessage response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static string WriteDepsJson()
    {
        string path = Path.Combine(TestLayoutBuilder.CreateTemporaryDirectory("sbom-deps"), "Shop.Api.deps.json");
        File.WriteAllText(path, DepsJson);
        return path;
    }

    private static SbomRequest Request(string depsJsonPath) => new()
    {
        AppName = "Shop.Api",
        Components = DepsJsonReader.Read(depsJsonPath),
        BaseName = "registry.example/dotnet/runtime-deps:10.0",
        BaseDigest = BaseDigest,
        Timestamp = ReproducibleDefaults.Timestamp,
    };
}
