using System.Text.Json;
using System.Text.RegularExpressions;
using Containerize.TestSupport;
using Containerize.TestSupport.Samples;

namespace Containerize.Tasks.Tests.Integration;

/// <summary>
/// What the package's targets compute, read back with -getProperty: the defaults, and that a user's value always wins.
/// Also guards against the SDK's classic trap of a misspelt property that is silently ignored.
/// </summary>
public sealed partial class TargetsEvaluationTests : IClassFixture<RestoredSamplesFixture>
{
    private static readonly string[] s_computed =
    [
        "ContainerRepository", "ContainerImageTag", "ContainerImageTags", "ContainerWorkingDirectory", "ContainerBaseImage",
        "ContainerRuntimeIdentifier", "ContainerizeAppHostFileName", "ContainerizeOutputDirectory", "ContainerSourceDateEpoch", "PathMap",
        "ContainerizeCacheDirectory", "ContainerizeChunkedUpload", "ContainerizeMaxParallelUploads",
    ];

    private readonly SampleWorkspace _workspace;

    public TargetsEvaluationTests(RestoredSamplesFixture fixture)
    {
        _workspace = fixture.Workspace;
    }

    [Fact]
    public async Task A_console_app_gets_the_SDKs_defaults()
    {
        IReadOnlyDictionary<string, string> properties = await ComputeAsync("ConsoleApp");

        Assert.Equal("consoleapp", properties["ContainerRepository"]);
        Assert.Equal("latest", properties["ContainerImageTag"]);
        Assert.Equal("/app", properties["ContainerWorkingDirectory"]);
        Assert.Equal("mcr.microsoft.com/dotnet/runtime:10.0", properties["ContainerBaseImage"]);
        Assert.Equal("linux-x64", properties["ContainerRuntimeIdentifier"]);
        Assert.Equal("", properties["ContainerizeAppHostFileName"]);
        Assert.EndsWith("/ConsoleApp/bin/Debug/net10.0/container/", properties["ContainerizeOutputDirectory"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_web_app_defaults_to_aspnet_and_self_contained_to_runtime_deps_with_the_apphost()
    {
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", (await ComputeAsync("WebApi"))["ContainerBaseImage"]);

        IReadOnlyDictionary<string, string> selfContained = await ComputeAsync("WebApi", "-p:RuntimeIdentifier=linux-arm64", "-p:SelfContained=true");
        Assert.Equal("mcr.microsoft.com/dotnet/runtime-deps:10.0", selfContained["ContainerBaseImage"]);
        Assert.Equal("linux-arm64", selfContained["ContainerRuntimeIdentifier"]);
        Assert.Equal("WebApi", selfContained["ContainerizeAppHostFileName"]);
    }

    [Fact]
    public async Task Family_and_musl_pick_the_tag_suffix()
    {
        Assert.Equal("mcr.microsoft.com/dotnet/runtime:10.0-alpine", (await ComputeAsync("ConsoleApp", "-p:ContainerRuntimeIdentifier=linux-musl-x64"))["ContainerBaseImage"]);
        Assert.Equal("mcr.microsoft.com/dotnet/runtime:10.0-noble-chiseled", (await ComputeAsync("ConsoleApp", "-p:ContainerFamily=noble-chiseled"))["ContainerBaseImage"]);
    }

    [Fact]
    public async Task Every_default_gives_way_to_the_users_value()
    {
        IReadOnlyDictionary<string, string> properties = await ComputeAsync(
            "ConsoleApp",
            "-p:ContainerRepository=team/console", "-p:ContainerImageTags=1.0%3Blatest", "-p:ContainerWorkingDirectory=/srv/app",
            "-p:ContainerBaseImage=scratch", "-p:ContainerRuntimeIdentifier=linux-arm64", "-p:ContainerizeOutputDirectory=/tmp/images/",
            "-p:ContainerSourceDateEpoch=1700000000", "-p:PathMap=/x=/y");

        Assert.Equal("team/console", properties["ContainerRepository"]);
        Assert.Equal("", properties["ContainerImageTag"]);
        Assert.Equal("1.0;latest", properties["ContainerImageTags"]);
        Assert.Equal("/srv/app", properties["ContainerWorkingDirectory"]);
        Assert.Equal("scratch", properties["ContainerBaseImage"]);
        Assert.Equal("linux-arm64", properties["ContainerRuntimeIdentifier"]);
        Assert.Equal("/tmp/images/", properties["ContainerizeOutputDirectory"]);
        Assert.Equal("1700000000", properties["ContainerSourceDateEpoch"]);
        Assert.Equal("/x=/y", properties["PathMap"]);
    }

    [Fact]
    public async Task The_repository_default_is_the_assembly_name_made_valid_and_SOURCE_DATE_EPOCH_comes_from_the_environment()
    {
        IReadOnlyDictionary<string, string> properties = await ComputeAsync(
            "ConsoleApp", new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = "1234" }, "-p:AssemblyName=_My Console.App+2_");

        Assert.Equal("my-console-app-2", properties["ContainerRepository"]);
        Assert.Equal("1234", properties["ContainerSourceDateEpoch"]);
    }

    [Fact]
    public async Task A_dotted_assembly_name_gives_the_SDKs_dashed_default_repository() =>
        Assert.Equal("contoso-web-api", (await ComputeAsync("ConsoleApp", "-p:AssemblyName=Contoso.Web.Api"))["ContainerRepository"]);

    [Fact]
    public async Task ContainerImageName_is_the_repository_as_in_the_SDK() =>
        Assert.Equal("legacy/console", (await ComputeAsync("ConsoleApp", "-p:ContainerImageName=legacy/console"))["ContainerRepository"]);

    [Fact]
    public async Task The_blob_cache_follows_XDG_CACHE_HOME_else_the_home_folder_and_uploads_default_to_four_monolithic()
    {
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

        IReadOnlyDictionary<string, string> withXdg = await ComputeAsync("ConsoleApp", new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = "/tmp/xdg-cache" });
        IReadOnlyDictionary<string, string> withoutXdg = await ComputeAsync("ConsoleApp", new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = null });

        Assert.Equal("/tmp/xdg-cache/containerize/", withXdg["ContainerizeCacheDirectory"]);
        Assert.Equal($"{home}/.cache/containerize/", withoutXdg["ContainerizeCacheDirectory"]);
        Assert.Equal("false", withXdg["ContainerizeChunkedUpload"]);
        Assert.Equal("4", withXdg["ContainerizeMaxParallelUploads"]);
    }

    [Fact]
    public async Task Publishing_maps_the_projects_source_paths_unless_turned_off()
    {
        // The test workspace lies inside this repository, so the mapped root is the repository's.
        Assert.Equal($"{RepositoryPaths.Root}/=/_/", (await ComputeAsync("ConsoleApp", "-p:_IsPublishing=true"))["PathMap"]);
        Assert.Equal("", (await ComputeAsync("ConsoleApp", "-p:_IsPublishing=true", "-p:ContainerizeDeterministicSourcePaths=false"))["PathMap"]);
    }

    [Fact]
    public void Every_property_and_item_the_targets_read_is_a_documented_name()
    {
        string targets = string.Concat(Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "src", "Containerize.Tasks", "build"), "*.targets").Select(File.ReadAllText));
        string documentation = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "properties.md"));
        var names = UserNamePattern().Matches(targets).Select(match => match.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.Contains($"`{name}`", documentation, StringComparison.Ordinal));
    }

    private Task<IReadOnlyDictionary<string, string>> ComputeAsync(string sample, params string[] arguments) =>
        ComputeAsync(sample, null, arguments);

    private async Task<IReadOnlyDictionary<string, string>> ComputeAsync(string sample, IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        ProcessResult result = (await _workspace.DotnetAsync(
            ["msbuild", _workspace.ProjectDirectory(sample), "-nologo", "-t:ComputeContainerizeSettings", .. s_computed.Select(name => $"-getProperty:{name}"), .. arguments],
            environment)).EnsureSuccess();
        using JsonDocument document = JsonDocument.Parse(result.StandardOutput);
        return document.RootElement.GetProperty("Properties").EnumerateObject().ToDictionary(property => property.Name, property => property.Value.GetString() ?? "");
    }

    /// <summary>$(ContainerX) and @(ContainerX): the names users set (our private _Containerize* names are not matched).</summary>
    [GeneratedRegex(@"[$@]\((?<name>Container[A-Za-z]+)[)\-]")]
    private static partial Regex UserNamePattern();
}
