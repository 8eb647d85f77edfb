using System.Text.Json;
using Containerize.Tasks.Tests.Integration;
using Containerize.TestSupport;
using Containerize.TestSupport.Samples;

namespace Containerize.Tasks.Tests.DropIn;

/// <summary>
/// The SDK's standard labels: the same keys as the SDK's own targets give the same project (both evaluated here), its
/// switches, and `created` from SOURCE_DATE_EPOCH or the fixed default instead of the clock.
/// </summary>
public sealed class StandardLabelsTests : IClassFixture<BadInputFixture>
{
    /// <summary>Every value the SDK turns into a label, set, so every label appears.</summary>
    private static readonly string[] s_projectProperties =
    [
        "-p:Description=A console app", "-p:Authors=Contoso", "-p:PackageProjectUrl=https://example.invalid/app", "-p:PackageVersion=1.2.3",
        "-p:PackageLicenseExpression=MIT", "-p:Title=Console", "-p:ContainerVendor=Contoso", "-p:PublishRepositoryUrl=true",
        "-p:RepositoryType=git", "-p:PrivateRepositoryUrl=https://github.com/example/samples.git", "-p:SourceRevisionId=0123abc",
    ];

    private readonly BadInputFixture _fixture;

    public StandardLabelsTests(BadInputFixture fixture)
    {
        _fixture = fixture;
    }

    private SampleWorkspace Workspace => _fixture.Workspace;

    [Fact]
    public async Task Our_label_keys_equal_the_SDKs_for_the_same_project()
    {
        // The SDK's CreateNewImage task adds the base digest label once it has resolved the base; its targets add the rest.
        string[] sdk = [.. (await EvaluateAsync("ComputeContainerConfig", "ContainerLabel", s_projectProperties)).Keys, "org.opencontainers.image.base.digest"];

        JsonElement labels = await PublishedLabelsAsync(null, s_projectProperties);

        Assert.Equal(sdk.Order(StringComparer.Ordinal), labels.EnumerateObject().Select(label => label.Name).Order(StringComparer.Ordinal));
        Assert.Equal("https://github.com/example/samples", labels.GetProperty("org.opencontainers.image.source").GetString());
        Assert.Equal("0123abc", labels.GetProperty("org.opencontainers.image.revision").GetString());
        Assert.Equal("1.2.3", labels.GetProperty("org.opencontainers.image.version").GetString());
    }

    [Fact]
    public async Task Created_is_the_fixed_default_or_SOURCE_DATE_EPOCH_never_the_clock()
    {
        JsonElement fixedDefault = await PublishedLabelsAsync(null);
        JsonElement fromEpoch = await PublishedLabelsAsync("1700000000");

        Assert.Equal("2000-01-01T00:00:00.0000000Z", fixedDefault.GetProperty("org.opencontainers.image.created").GetString());
        Assert.Equal("2000-01-01T00:00:00.0000000Z", fixedDefault.GetProperty("org.opencontainers.artifact.created").GetString());
        Assert.Equal("2023-11-14T22:13:20.0000000Z", fromEpoch.GetProperty("org.opencontainers.image.created").GetString());
    }

    [Fact]
    public async Task Each_switch_turns_its_label_off_and_ContainerGenerateLabels_false_turns_every_one_off()
    {
        IReadOnlyDictionary<string, string> all = await EvaluateAsync("ComputeContainerizeSettings", "_ContainerizeGeneratedLabel", s_projectProperties);
        IReadOnlyDictionary<string, string> some = await EvaluateAsync("ComputeContainerizeSettings", "_ContainerizeGeneratedLabel",
            [.. s_projectProperties, "-p:ContainerGenerateLabelsImageTitle=false", "-p:ContainerGenerateLabelsImageSource=false", "-p:ContainerGenerateLabelsDotnetToolset=false"]);
        IReadOnlyDictionary<string, string> none = await EvaluateAsync("ComputeContainerizeSettings", "_ContainerizeGeneratedLabel", [.. s_projectProperties, "-p:ContainerGenerateLabels=false"]);

        Assert.Equal(["net.dot.runtime.majorminor", "net.dot.sdk.version", "org.opencontainers.image.source", "org.opencontainers.image.title"],
            all.Keys.Except(some.Keys).Order(StringComparer.Ordinal));
        Assert.Empty(none);
        JsonElement publishedWithout = await PublishedLabelsAsync(null, "-p:ContainerGenerateLabels=false");
        Assert.Empty(publishedWithout.EnumerateObject());
    }

    /// <summary>The items a target computes, read back with -getItem: label name to value.</summary>
    private async Task<IReadOnlyDictionary<string, string>> EvaluateAsync(string target, string item, IEnumerable<string> properties)
    {
        ProcessResult result = (await Workspace.DotnetAsync(
            ["msbuild", Workspace.ProjectDirectory("ConsoleApp"), "-nologo", $"-t:{target}", $"-getItem:{item}", .. properties])).EnsureSuccess();
        using JsonDocument document = JsonDocument.Parse(result.StandardOutput);
        return document.RootElement.GetProperty("Items").TryGetProperty(item, out JsonElement items)
            ? items.EnumerateArray().ToDictionary(label => label.GetProperty("Identity").GetString()!, label => label.GetProperty("Value").GetString() ?? "")
            : new Dictionary<string, string>();
    }

    /// <summary>The config labels of a real publish on the Debian base (which has none of its own).</summary>
    private async Task<JsonElement> PublishedLabelsAsync(string? sourceDateEpoch, params string[] properties)
    {
        string archive = Path.Combine(RepositoryPaths.CreateWorkDirectory("labels"), "image.tar");
        (await Workspace.DotnetAsync(
            ["publish", Workspace.ProjectDirectory("ConsoleApp"), "-nologo", "-t:PublishLayeredImage", $"-p:ContainerBaseImage={_fixture.BaseImage}", "-p:ContainerizeRunCheck=false", $"-p:ContainerArchiveOutputPath={archive}", .. properties],
            new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = sourceDateEpoch })).EnsureSuccess();
        ProcessResult config = (await ProcessRunner.RunAsync("skopeo", ["inspect", "--config", $"oci-archive:{archive}:latest"])).EnsureSuccess();
        JsonElement root = JsonDocument.Parse(config.StandardOutput).RootElement.GetProperty("config");
        return root.TryGetProperty("Labels", out JsonElement labels) ? labels.Clone() : JsonDocument.Parse("{}").RootElement.Clone();
    }
}
