using Containerize.Oci.Building;
using Containerize.Oci.Registry;
using Containerize.Tasks.Logging;

namespace Containerize.Tasks.Tests.Unit;

public sealed class PushTableTests
{
    [Fact]
    public void Each_blob_has_a_row_with_the_layer_tables_name_its_outcome_size_and_bytes_sent_then_a_summary()
    {
        BuiltImage image = TableTestImage.Create();
        var result = new RegistryPushResult
        {
            Registry = "registry.example:5000",
            Repository = "team/api",
            Digest = TableTestImage.ManifestDigest,
            Tags = ["1.0", "latest"],
            Blobs =
            [
                new BlobPushOutcome(image.BaseLayers[0], BlobPushAction.Mounted, 0),
                new BlobPushOutcome(image.AppLayers[0].Descriptor, BlobPushAction.Uploaded, 3 * 1024 * 1024),
                new BlobPushOutcome(image.Config, BlobPushAction.Existed, 0),
            ],
        };

        string[] lines = PushTable.Format(image, result).Split(Environment.NewLine);

        Assert.Equal("Push to registry.example:5000/team/api", lines[0]);
        Assert.Matches($@"base 1\s+mounted\s+2\.0 KiB\s+0 B\s+{TableTestImage.BaseDigest}", lines[2]);
        Assert.Matches($@"packages\s+uploaded\s+3\.0 MiB\s+3\.0 MiB\s+{TableTestImage.LayerDigest}", lines[3]);
        Assert.Matches($@"config\s+existed\s+5 B\s+0 B\s+{TableTestImage.ConfigDigest}", lines[4]);
        Assert.Equal("Blobs: 1 uploaded (3.0 MiB sent), 1 mounted, 1 existed", lines[^1]);
    }
}
