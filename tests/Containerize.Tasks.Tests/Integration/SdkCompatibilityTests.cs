using System.Text.Json;
using Containerize.Oci.Errors;
using Containerize.TestSupport;

namespace Containerize.Tasks.Tests.Integration;

/// <summary>
/// The SDK's behaviour where a project moved from PublishContainer would notice, one rule per test, through a real
/// `dotnet publish`: the repository fix-up, ContainerImageName, both tag properties, and bad numbers and switches.
/// </summary>
public sealed class SdkCompatibilityTests : IClassFixture<BadInputFixture>
{
    private readonly BadInputFixture _fixture;

    public SdkCompatibilityTests(BadInputFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task A_repository_the_SDK_would_fix_up_is_fixed_up_the_same_way_with_a_warning_naming_the_change()
    {
        (ProcessResult result, string output) = await PublishAsync("-p:ContainerRepository=My App");

        result.EnsureSuccess();
        string warning = Line(result, "warning CTZ2032:");
        Assert.Contains("'My App'", warning, StringComparison.Ordinal);
        Assert.Contains("'my-app'", warning, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "my-app.tar")));
    }

    [Fact]
    public async Task ContainerImageName_is_taken_as_the_repository_with_the_SDKs_obsolete_warning()
    {
        (ProcessResult result, string output) = await PublishAsync("-p:ContainerImageName=legacy/console");

        result.EnsureSuccess();
        Assert.Contains("ContainerImageName is obsolete", Line(result, "warning CTZ2033:"), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "legacy-console.tar")));
    }

    [Fact]
    public async Task Setting_ContainerImageTag_and_ContainerImageTags_warns_that_ContainerImageTags_wins()
    {
        (ProcessResult result, string output) = await PublishAsync("-p:ContainerImageTag=1.0", "-p:ContainerImageTags=2.0%3B2");

        result.EnsureSuccess();
        string warning = Line(result, "warning CTZ2034:");
        Assert.Contains("ContainerImageTags wins", warning, StringComparison.Ordinal);
        Assert.Contains("'1.0'", warning, StringComparison.Ordinal);
        string archive = Path.Combine(output, "consoleapp.tar");
        (await ProcessRunner.RunAsync("skopeo", ["inspect", $"oci-archive:{archive}:2.0"])).EnsureSuccess();
        (await ProcessRunner.RunAsync("skopeo", ["inspect", $"oci-archive:{archive}:2"])).EnsureSuccess();
        Assert.NotEqual(0, (await ProcessRunner.RunAsync("skopeo", ["inspect", $"oci-archive:{archive}:1.0"])).ExitCode);
    }

    [Theory]
    [InlineData("ContainerizeMaxParallelUploads", "abc")]
    [InlineData("ContainerizeCacheMaxSizeMB", "-5")]
    [InlineData("ContainerizeChunkedUpload", "maybe")]
    public async Task A_bad_number_or_switch_is_CTZ2030_naming_the_property_not_MSB4030(string property, string value)
    {
        (ProcessResult result, string output) = await PublishAsync($"-p:{property}={value}");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"{property} '{value}'", Line(result, "error CTZ2030:"), StringComparison.Ordinal);
        Assert.DoesNotContain("MSB4030", result.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(output));
    }

    private async Task<(ProcessResult Result, string Output)> PublishAsync(params string[] arguments)
    {
        string output = RepositoryPaths.CreateWorkDirectory("compat-output");
        ProcessResult result = await _fixture.Workspace.PublishAsync(
            "ConsoleApp",
            // The test base has no dotnet: these rules are about names and warnings, not about starting the app.
            ["-t:PublishLayeredImage", $"-p:ContainerBaseImage={_fixture.BaseImage}", "-p:ContainerizeRunCheck=false", $"-p:ContainerArchiveOutputPath={output}/", .. arguments]);
        return (result, output);
    }

    private static string Line(ProcessResult result, string marker) =>
        result.StandardOutput.Split('\n').FirstOrDefault(line => line.Contains(marker, StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"No '{marker}' in the output:\n{result.StandardOutput}");
}
