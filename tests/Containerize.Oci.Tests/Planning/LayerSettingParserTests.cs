using Containerize.Oci.Errors;
using Containerize.Oci.Planning;

namespace Containerize.Oci.Tests.Planning;

public sealed class LayerSettingParserTests
{
    [Theory]
    [InlineData("1654:1655", 1654, 1655)]
    [InlineData("0:0", 0, 0)]
    [InlineData(" 1654 ", 1654, 1654)]
    public void Parses_numeric_owners(string value, int userId, int groupId)
    {
        Assert.Equal((userId, groupId), LayerSettingParser.ParseOwner(value, "the test"));
    }

    [Theory]
    [InlineData("app")]
    [InlineData("1654:app")]
    [InlineData("-1:0")]
    [InlineData("1:2:3")]
    [InlineData("")]
    public void Rejects_other_owners(string value)
    {
        var error = Assert.Throws<ContainerizeException>(() => LayerSettingParser.ParseOwner(value, "the test"));

        Assert.Equal(ErrorCodes.InvalidOwner, error.Code);
        Assert.Contains($"'{value}'", error.Message);
    }

    [Theory]
    [InlineData("0644", 0b110_100_100)]
    [InlineData("755", 0b111_101_101)]
    [InlineData("1777", 0b1_111_111_111)]
    public void Parses_octal_modes(string value, int expected)
    {
        Assert.Equal((UnixFileMode)expected, LayerSettingParser.ParseMode(value, "the test"));
    }

    [Theory]
    [InlineData("0648")]
    [InlineData("rw-r--r--")]
    [InlineData("17777")]
    [InlineData("64")]
    public void Rejects_other_modes(string value)
    {
        var error = Assert.Throws<ContainerizeException>(() => LayerSettingParser.ParseMode(value, "the test"));

        Assert.Equal(ErrorCodes.InvalidFileMode, error.Code);
    }
}
