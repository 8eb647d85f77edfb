using Containerize.Oci.Building;
using Containerize.Oci.Errors;

namespace Containerize.Oci.Tests.Building;

public sealed class ImageSettingsValidatorTests
{
    private static readonly ImageSettings s_valid = new()
    {
        Repository = "team/api",
        Tags = ["1.0", "latest"],
        Ports = [new ContainerPort(8080), new ContainerPort(53, "UDP")],
        EnvironmentVariables = [new("ASPNETCORE_URLS", "http://+:8080"), new("a.b", "")],
        Labels = [new("org.opencontainers.image.vendor", "Contoso")],
    };

    public static TheoryData<ImageSettings, string, string> Invalid => new()
    {
        { s_valid with { Repository = "Team/Api" }, ErrorCodes.InvalidRepositoryName, "Team/Api" },
        { s_valid with { Tags = ["ok", "not ok"] }, ErrorCodes.InvalidTag, "not ok" },
        { s_valid with { Ports = [new ContainerPort(0)] }, ErrorCodes.InvalidPort, "'0'" },
        { s_valid with { Ports = [new ContainerPort(65536)] }, ErrorCodes.InvalidPort, "65536" },
        { s_valid with { Ports = [new ContainerPort(80, "sctp")] }, ErrorCodes.InvalidPort, "sctp" },
        { s_valid with { EnvironmentVariables = [new("A=B", "x")] }, ErrorCodes.InvalidEnvironmentVariable, "A=B" },
        { s_valid with { EnvironmentVariables = [new("", "x")] }, ErrorCodes.InvalidEnvironmentVariable, "''" },
        { s_valid with { EnvironmentVariables = [new("MY VAR", "x")] }, ErrorCodes.InvalidEnvironmentVariable, "MY VAR" },
        { s_valid with { Labels = [new(" ", "value-of-nameless")] }, ErrorCodes.InvalidLabel, "value-of-nameless" },
        { s_valid with { WorkingDirectory = "app" }, ErrorCodes.InvalidWorkingDirectory, "'app'" },
        { s_valid with { WorkingDirectory = "C:\\app" }, ErrorCodes.InvalidWorkingDirectory, "C:\\app" },
    };

    [Fact]
    public void AcceptsValidSettings()
    {
        ImageSettingsValidator.Validate(s_valid);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void RefusesNamingTheValue(ImageSettings settings, string code, string named)
    {
        var exception = Assert.Throws<ContainerizeException>(() => ImageSettingsValidator.Validate(settings));

        Assert.Equal(code, exception.Code);
        Assert.Contains(named, exception.Message, StringComparison.Ordinal);
        Assert.NotEmpty(exception.Hint);
    }
}
