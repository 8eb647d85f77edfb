using Containerize.Oci.Building;
using Containerize.Tasks.Logging;

namespace Containerize.Tasks.Tests.Unit;

public sealed class LayerTableTests
{
    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1536, "1.5 KiB")]
    [InlineData(80 * 1024 * 1024, "80.0 MiB")]
    public void Sizes_are_in_binary_units(long bytes, string expected) => Assert.Equal(expected, LayerTable.FormatSize(bytes));

    [Fact]
    public void The_table_has_a_row_per_layer_with_files_sizes_and_digest_then_the_image_digest()
    {
        BuiltImage image = TableTestImage.Create();

        string[] lines = LayerTable.Format(image, "api:1.0").Split(Environment.NewLine);

        Assert.Contains("api:1.0", lines[0], StringComparison.Ordinal);
        Assert.Contains("linux/amd64", lines[0], StringComparison.Ordinal);
        Assert.Contains("base 1", lines[2], StringComparison.Ordinal);
        Assert.Contains(TableTestImage.BaseDigest.ToString(), lines[2], StringComparison.Ordinal);
        Assert.Matches(@"packages\s+42\s+7\.0 MiB\s+3\.0 MiB\s+cached 12 ms\s+sha256:", lines[3]);
        Assert.Contains(TableTestImage.LayerDigest.ToString(), lines[3], StringComparison.Ordinal);
        Assert.DoesNotContain("config", string.Join("\n", lines), StringComparison.Ordinal);
        Assert.Equal($"Image digest: {TableTestImage.ManifestDigest}", lines[^1]);
    }

    [Fact]
    public void After_a_push_each_row_says_what_the_registry_needed_and_how_long_it_took()
    {
        BuiltImage image = TableTestImage.Create();

        string[] lines = LayerTable.Format(image, "api:1.0", TableTestImage.Push(image)).Split(Environment.NewLine);

        Assert.Matches($@"base 1\s+-\s+-\s+2\.0 KiB\s+base\s+mounted 3 ms\s+{TableTestImage.BaseDigest}", lines[2]);
        Assert.Matches($@"packages\s+42\s+7\.0 MiB\s+3\.0 MiB\s+cached 12 ms\s+uploaded 3\.0 MiB 250 ms\s+{TableTestImage.LayerDigest}", lines[3]);
        Assert.Matches($@"config\s+-\s+-\s+5 B\s+-\s+existed 1 ms\s+{TableTestImage.ConfigDigest}", lines[4]);
    }

    [Fact]
    public void A_layer_built_now_says_built()
    {
        BuiltImage image = TableTestImage.Create();
        image = image with { AppLayers = [image.AppLayers[0] with { Reuse = Oci.Layers.LayerReuse.Built, Duration = TimeSpan.FromSeconds(12.34) }] };

        Assert.Matches(@"packages\s+42\s+7\.0 MiB\s+3\.0 MiB\s+built 12\.3 s\s+sha256:", LayerTable.Format(image, "api:1.0").Split(Environment.NewLine)[3]);
    }
}
