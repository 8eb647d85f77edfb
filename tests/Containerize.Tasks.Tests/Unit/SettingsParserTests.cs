using Containerize.Oci.Building;
using Containerize.Oci.Errors;
using Containerize.Tasks.Mapping;
using Microsoft.Build.Utilities;

namespace Containerize.Tasks.Tests.Unit;

public sealed class SettingsParserTests
{
    [Theory]
    [InlineData(null, null, "latest")]
    [InlineData("1.0", null, "1.0")]
    [InlineData("1.0", "2.0;latest", "2.0,latest")]
    [InlineData(null, " a ; b;a ", "a,b")]
    public void Tags_come_from_ContainerImageTags_then_ContainerImageTag_then_latest(string? tag, string? tags, string expected) =>
        Assert.Equal(expected, string.Join(',', SettingsParser.ParseTags(tag, tags)));

    [Fact]
    public void Ports_default_to_tcp_and_keep_udp()
    {
        var web = new TaskItem("8080");
        var dns = new TaskItem("53");
        dns.SetMetadata("Type", "UDP");

        Assert.Equal([new ContainerPort(8080, "tcp"), new ContainerPort(53, "udp")], SettingsParser.ParsePorts([web, dns]));
    }

    [Theory]
    [InlineData("http", "")]
    [InlineData("0", "")]
    [InlineData("70000", "")]
    [InlineData("80", "sctp")]
    public void A_bad_port_is_CTZ2008_naming_the_value(string port, string type)
    {
        var item = new TaskItem(port);
        item.SetMetadata("Type", type);

        var error = Assert.Throws<ContainerizeException>(() => SettingsParser.ParsePorts([item]));

        Assert.Equal(ErrorCodes.InvalidPort, error.Code);
        Assert.Contains($"'{port}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_variables_keep_their_order_and_values()
    {
        var first = new TaskItem("B");
        first.SetMetadata("Value", "2");
        var second = new TaskItem("A");
        second.SetMetadata("Value", "x=y");

        var values = SettingsParser.ParseNamedValues([first, second], "ContainerEnvironmentVariable", ErrorCodes.InvalidEnvironmentVariable);

        Assert.Equal([new("B", "2"), new("A", "x=y")], values);
    }

    [Fact]
    public void An_environment_variable_name_with_an_equals_sign_is_CTZ2009()
    {
        var error = Assert.Throws<ContainerizeException>(() =>
            SettingsParser.ParseNamedValues([new TaskItem("A=B")], "ContainerEnvironmentVariable", ErrorCodes.InvalidEnvironmentVariable));

        Assert.Equal(ErrorCodes.InvalidEnvironmentVariable, error.Code);
    }

    [Theory]
    [InlineData(null, ImageFormat.FollowBase)]
    [InlineData("", ImageFormat.FollowBase)]
    [InlineData("oci", ImageFormat.Oci)]
    [InlineData("Docker", ImageFormat.Docker)]
    public void Image_format_is_case_insensitive(string? value, ImageFormat expected) =>
        Assert.Equal(expected, SettingsParser.ParseImageFormat(value));

    [Fact]
    public void An_unknown_image_format_is_CTZ2011() =>
        Assert.Equal(ErrorCodes.InvalidImageFormat, Assert.Throws<ContainerizeException>(() => SettingsParser.ParseImageFormat("squashfs")).Code);

    [Theory]
    [InlineData("", 0, 0)]
    [InlineData("1654", 1654, 1654)]
    [InlineData("1000:2000", 1000, 2000)]
    public void Owner_is_numeric_uid_and_optional_gid(string owner, int userId, int groupId) =>
        Assert.Equal((userId, groupId), SettingsParser.ParseOwner(owner, "folder"));

    [Theory]
    [InlineData("app")]
    [InlineData("1:2:3")]
    [InlineData("-1")]
    public void A_bad_owner_is_CTZ2105(string owner) =>
        Assert.Equal(ErrorCodes.InvalidOwner, Assert.Throws<ContainerizeException>(() => SettingsParser.ParseOwner(owner, "folder")).Code);

    [Theory]
    [InlineData("", null)]
    [InlineData("0644", 420)]
    [InlineData("755", 493)]
    [InlineData("1777", 1023)]
    public void Modes_are_octal(string mode, int? expected) =>
        Assert.Equal(expected is null ? null : (UnixFileMode)expected, SettingsParser.ParseMode(mode, "FileMode", "folder"));

    [Theory]
    [InlineData("0x1ff")]
    [InlineData("0888")]
    [InlineData("rwxr-xr-x")]
    [InlineData("77777")]
    public void A_bad_mode_is_CTZ2104(string mode) =>
        Assert.Equal(ErrorCodes.InvalidFileMode, Assert.Throws<ContainerizeException>(() => SettingsParser.ParseMode(mode, "FileMode", "folder")).Code);
}
