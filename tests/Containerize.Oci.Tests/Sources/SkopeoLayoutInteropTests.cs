using Containerize.Oci.Building;
using Containerize.Oci.Destinations;
using Containerize.Oci.Sources;
using Containerize.Oci.Tests.Destinations;
using Containerize.TestSupport;

namespace Containerize.Oci.Tests.Sources;

/// <summary>Layouts written by skopeo (what users will point oci: at) are read as bases.</summary>
public sealed class SkopeoLayoutInteropTests
{
    [Fact]
    public async Task ALayoutCopiedBySkopeoIsReadWithAndWithoutItsTag()
    {
        BuiltImage image = await OciArchiveWriterTests.BuildImageAsync(docker: false);
        string root = TestLayoutBuilder.CreateTemporaryDirectory("skopeo-interop");
        string archive = Path.Combine(root, "image.tar");
        await OciArchiveWriter.WriteAsync(image, archive, ["team/api:1.0"], default);
        string layout = Path.Combine(root, "layout");
        (await ProcessRunner.RunAsync("skopeo", ["copy", $"oci-archive:{archive}:1.0", $"oci:{layout}:base"])).EnsureSuccess();

        SourceImage tagged = await new OciLayoutImageSource($"oci:{layout}:base", layout, "base").ResolveAsync(TestLayoutBuilder.Amd64, default);
        SourceImage only = await new OciLayoutImageSource($"oci:{layout}", layout, null).ResolveAsync(TestLayoutBuilder.Amd64, default);

        Assert.Equal(image.Manifest.Digest, tagged.Manifest!.Digest);
        Assert.Equal(image.Manifest.Digest, only.Manifest!.Digest);
        Assert.Equal(image.AllLayers.Select(l => l.Descriptor).Select(layer => layer.Digest), tagged.Layers.Select(layer => layer.Digest));
        Assert.Equal(image.ConfigBytes, tagged.ConfigBytes);
    }
}
