using Containerize.Oci.Errors;
using Containerize.TestSupport;
using Containerize.TestSupport.Samples;

namespace Containerize.Tasks.Tests.Integration;

/// <summary>Unknown base forms, missing bases, bad names and users, empty rules and collisions: the documented code, the value, no archive.</summary>
public sealed class BadInputTests : IClassFixture<BadInputFixture>
{
    private readonly BadInputFixture _fixture;

    public BadInputTests(BadInputFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public Task An_unknown_base_reference_form_is_CTZ2001() =>
        AssertFailsAsync(ErrorCodes.InvalidBaseImageReference, "ftp://example/base", ["-p:ContainerBaseImage=ftp://example/base"]);

    [Fact]
    public Task A_missing_oci_folder_is_CTZ2002() =>
        AssertFailsAsync(ErrorCodes.BaseImageNotFound, "/no/such/layout", ["-p:ContainerBaseImage=oci:/no/such/layout:latest"]);

    [Fact]
    public Task A_missing_tag_in_an_oci_folder_is_CTZ2003() =>
        AssertFailsAsync(ErrorCodes.BaseImageTagNotFound, "no-such-tag", [$"-p:ContainerBaseImage={_fixture.BaseImage[..^":latest".Length]}:no-such-tag"]);

    [Fact]
    public Task A_tag_that_a_registry_would_refuse_is_CTZ2006() =>
        AssertFailsAsync(ErrorCodes.InvalidTag, "bad!tag", ["-p:ContainerImageTag=bad!tag"]);

    [Fact]
    public Task A_repository_that_not_even_the_SDKs_fix_up_makes_valid_is_CTZ2005() =>
        AssertFailsAsync(ErrorCodes.InvalidRepositoryName, "_team/api", ["-p:ContainerRepository=_team/api"]);

    [Fact]
    public Task A_user_neither_numeric_nor_in_the_bases_passwd_is_CTZ2007() =>
        AssertFailsAsync(ErrorCodes.InvalidUser, "nobody-here", ["-p:ContainerUser=nobody-here"]);

    [Fact]
    public Task A_layer_rule_matching_nothing_is_CTZ2101() =>
        AssertFailsAsync(ErrorCodes.LayerRuleMatchesNothing, "no-such-folder/**", ["-p:CustomAfterMicrosoftCommonTargets=" + WriteItems(
            """<ContainerLayerRule Include="static" Pattern="no-such-folder/**" />""")]);

    [Fact]
    public Task Two_layers_claiming_one_path_is_CTZ2102()
    {
        string extra = RepositoryPaths.CreateWorkDirectory("collision");
        File.WriteAllText(Path.Combine(extra, "ConsoleApp.dll"), "not an assembly");
        return AssertFailsAsync(ErrorCodes.LayerPathCollision, "/app/ConsoleApp.dll", ["-p:CustomAfterMicrosoftCommonTargets=" + WriteItems(
            $"""<ContainerExtraLayer Include="{extra}" ContainerPath="/app" Layer="extras" />""")]);
    }

    [Fact]
    public Task A_bad_port_is_CTZ2008() =>
        AssertFailsAsync(ErrorCodes.InvalidPort, "http", ["-p:CustomAfterMicrosoftCommonTargets=" + WriteItems("""<ContainerPort Include="http" />""")]);

    private async Task AssertFailsAsync(string code, string valueAtFault, string[] arguments)
    {
        string output = RepositoryPaths.CreateWorkDirectory("bad-output");
        string archive = Path.Combine(output, "image.tar");

        ProcessResult result = await _fixture.Workspace.PublishAsync(
            "ConsoleApp",
            ["-t:PublishLayeredImage", $"-p:ContainerBaseImage={_fixture.BaseImage}", $"-p:ContainerArchiveOutputPath={archive}", .. arguments]);

        Assert.NotEqual(0, result.ExitCode);
        string errorLine = result.StandardOutput.Split('\n').FirstOrDefault(line => line.Contains($"error {code}:", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"No 'error {code}:' in the output:\n{result.StandardOutput}");
        Assert.Contains(valueAtFault, errorLine, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(output));
    }

    private static string WriteItems(string items)
    {
        string path = Path.Combine(RepositoryPaths.CreateWorkDirectory("items"), "items.targets");
        File.WriteAllText(path, $"<Project><ItemGroup>{items}</ItemGroup></Project>");
        return path;
    }
}
