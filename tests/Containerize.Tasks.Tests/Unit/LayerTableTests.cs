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
        Assert.Matches(@"packages\s+42\s+7\.0 MiB\s+3\.0 MiB\s+sha256:", lines[3]);
        Assert.Contains(TableTestImage.LayerDigest.ToString(), lines[3], StringComparison.Ordinal);
        Assert.Equal($"Image digest: {TableTestImage.ManifestDigest}", lines[^1]);
    }
}
