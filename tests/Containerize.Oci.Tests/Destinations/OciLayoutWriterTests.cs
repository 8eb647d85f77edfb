using System.Text.Json;
using Containerize.Oci.Building;
using Containerize.Oci.Destinations;
using Containerize.Oci.Model;
using Containerize.Oci.Sources;
using Containerize.Oci.Tests.Sources;
using Containerize.Oci.Validation;
using Containerize.TestSupport;

namespace Containerize.Oci.Tests.Destinations;

public sealed class OciLayoutWriterTests
{
    [Fact]
    public async Task WritesALayoutThatSkopeoAndOurSourceRead()
    {
        BuiltImage image = await OciArchiveWriterTests.BuildImageAsync(docker: false);
        string layout = Path.Combine(TestLayoutBuilder.CreateTemporaryDirectory("layout-writer"), "out");

        await OciLayoutWriter.WriteAsync(image, layout, ["team/api:1.0"], default);

        Assert.Empty(await ImageLayoutValidator.ValidateAsync(layout));
        ProcessResult inspect = (await ProcessRunner.RunAsync("skopeo", ["inspect", $"oci:{layout}:1.0"])).EnsureSuccess();
        using JsonDocument json = JsonDocument.Parse(inspect.StandardOutput);
        Assert.Equal(image.Manifest.Digest.ToString(), json.RootElement.GetProperty("Digest").GetString());
        SourceImage reread = await new OciLayoutImageSource("oci:out:1.0", layout, "1.0").ResolveAsync(TestLayoutBuilder.Amd64, default);
        Assert.Equal(image.Manifest.Digest, reread.Manifest!.Digest);
        Assert.Empty(Directory.EnumerateFiles(layout, "*.tmp-*", SearchOption.AllDirectories));
        Assert.False(File.Exists(Path.Combine(layout, "manifest.json")));
    }

    [Fact]
    public async Task KeepsOtherImagesAndReplacesOurTags()
    {
        BuiltImage oci = await OciArchiveWriterTests.BuildImageAsync(docker: false);
        BuiltImage other = oci with { ManifestBytes = [.. oci.ManifestBytes, (byte)' '] };
        other = other with { Manifest = oci.Manifest with { Digest = Digests.Digest.ComputeSha256(other.ManifestBytes), Size = other.ManifestBytes.Length } };
        string layout = Path.Combine(TestLayoutBuilder.CreateTemporaryDirectory("layout-merge"), "out");

        await OciLayoutWriter.WriteAsync(oci, layout, ["team/api:old", "team/api:1.0"], default);
        await OciLayoutWriter.WriteAsync(other, layout, ["team/api:1.0"], default);

        ImageIndex index = OciJson.Deserialize<ImageIndex>(await File.ReadAllBytesAsync(Path.Combine(layout, "index.json")));
        Assert.Equal(2, index.Manifests.Count);
        Assert.Equal((oci.Manifest.Digest, "old"), (index.Manifests[0].Digest, index.Manifests[0].Annotations!["org.opencontainers.image.ref.name"]));
        Assert.Equal((other.Manifest.Digest, "1.0"), (index.Manifests[1].Digest, index.Manifests[1].Annotations!["org.opencontainers.image.ref.name"]));
        Assert.Empty(await ImageLayoutValidator.ValidateAsync(layout));
    }
}
