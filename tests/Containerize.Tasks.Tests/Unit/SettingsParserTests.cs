using Containerize.Oci.Building;
using Containerize.Oci.Errors;
using Containerize.Oci.Logging;
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
        Assert.Equal(expected, string.Join(',', SettingsParser.ParseTags(tag, tags, NullBuildLog.Instance)));

    [Fact]
    public void Ports_default_to_tcp_and_keep_udp()
    {
        var web = new TaskItem("8080");
        var dns = new TaskItem("53");
        dns.SetMetadata("Type", "UDP");

        Assert.Equal([new ContainerPort(8080, "tcp"), new ContainerPort(53, "udp")], SettingsParser.ParsePorts([web, dns]));
    }

    [Theory]
    [InlineData("http", "", "'http'")]
    [InlineData("0", "", "'0'")]
    [InlineData("70000", "", "'70000'")]
    [InlineData("80", "sctp", "'sctp'")]
    public void A_bad_port_is_CTZ2008_naming_the_value(string port, string type, string named)
    {
        var item = new TaskItem(port);
        item.SetMetadata("Type", type);

        var error = Assert.Throws<ContainerizeException>(() => SettingsParser.ParsePorts([item]));

        Assert.Equal(ErrorCodes.InvalidPort, error.Code);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_variables_keep_their_order_and_values()
    {
        var first = new TaskItem("B");
        first.SetMetadata("Value", "2");
        var second = new TaskItem("A");
        second.SetMetadata("Value", "x=y");

        var values = SettingsParser.ParseEnvironmentVariables([first, second]);

        Assert.Equal([new("B", "2"), new("A", "x=y")], values);
    }

    [Fact]
    public void An_environment_variable_name_with_an_equals_sign_is_CTZ2009()
    {
        var error = Assert.Throws<ContainerizeException>(() =>
            SettingsParser.ParseEnvironmentVariables([new TaskItem("A=B")]));

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
}
