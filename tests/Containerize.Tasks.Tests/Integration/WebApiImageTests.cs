using System.Text.Json;
using Containerize.Oci.Validation;

namespace Containerize.Tasks.Tests.Integration;

/// <summary>The web API sample: NuGet packages, a prerelease package and a project reference each land in their own layer.</summary>
public sealed class WebApiImageTests : IClassFixture<WebApiImageFixture>
{
    private static readonly string[] s_commandLineCultures = ["cs", "de", "es", "fr", "it", "ja", "ko", "pl", "pt-BR", "ru", "tr", "zh-Hans", "zh-Hant"];

    private readonly WebApiImageFixture _fixture;

    public WebApiImageTests(WebApiImageFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public void Framework_dependent_layers_are_packages_prerelease_project_references_and_app_in_that_order()
    {
        string[] names = _fixture.FrameworkDependent.LayerItems.Select(item => item.GetProperty("Identity").GetString()!).ToArray();

        Assert.Equal(["base-1", "packages", "prerelease-packages", "project-references", "app"], names);
    }

    [Fact]
    public void Release_packages_prerelease_packages_and_the_project_reference_are_split_by_their_origin()
    {
        PublishedImage image = _fixture.FrameworkDependent;

        Assert.Equal(["/app/Humanizer.dll", "/app/Newtonsoft.Json.dll"], Sorted(image.Layer("packages")!.FilePaths));
        Assert.Equal(
            s_commandLineCultures.Select(culture => $"/app/{culture}/System.CommandLine.resources.dll").Append("/app/System.CommandLine.dll").Order(StringComparer.Ordinal),
            Sorted(image.Layer("prerelease-packages")!.FilePaths));
        Assert.Equal(
            ["/app/WebApi.Core.dll", "/app/WebApi.Core.pdb", "/app/content/greetings.txt", "/app/fr/WebApi.Core.resources.dll"],
            Sorted(image.Layer("project-references")!.FilePaths));
    }

    [Fact]
    public void The_app_layer_holds_the_apps_own_files_and_every_published_file_is_in_exactly_one_layer()
    {
        PublishedImage image = _fixture.FrameworkDependent;
        IReadOnlySet<string> app = image.Layer("app")!.FilePaths;

        Assert.Contains("/app/WebApi.dll", app);
        Assert.Contains("/app/WebApi.deps.json", app);
        Assert.Contains("/app/WebApi.runtimeconfig.json", app);
        Assert.Contains("/app/de/WebApi.resources.dll", app);
        Assert.Contains("/app/wwwroot/index.html", app);
        Assert.Contains("/app/wwwroot/css/site.css", app);

        List<string> ours = image.Image.Layers.Skip(1).SelectMany(layer => layer.FilePaths).ToList();
        Assert.Equal(ours.Count, ours.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Sorted(image.PublishedPaths()), ours.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Framework_dependent_starts_with_dotnet_and_exposes_the_port()
    {
        JsonElement config = _fixture.FrameworkDependent.Image.Config.GetProperty("config");

        Assert.Equal(["dotnet", "/app/WebApi.dll"], config.GetProperty("Entrypoint").EnumerateArray().Select(value => value.GetString()));
        Assert.True(config.GetProperty("ExposedPorts").TryGetProperty("8080/tcp", out _));
    }

    [Fact]
    public void Self_contained_adds_a_runtime_layer_per_shared_framework_and_starts_the_apphost()
    {
        PublishedImage image = _fixture.SelfContained;
        IReadOnlySet<string> runtime = image.Layer("runtime")!.FilePaths;
        IReadOnlySet<string> aspNetCore = image.Layer("runtime-aspnetcore")!.FilePaths;

        Assert.Contains("/app/libcoreclr.so", runtime);
        Assert.DoesNotContain("/app/Microsoft.AspNetCore.dll", runtime);
        Assert.Contains("/app/Microsoft.AspNetCore.dll", aspNetCore);
        Assert.Empty(runtime.Intersect(aspNetCore));
        Assert.DoesNotContain("/app/WebApi.dll", runtime);
        Assert.Equal(Sorted(_fixture.FrameworkDependent.Layer("packages")!.FilePaths), Sorted(image.Layer("packages")!.FilePaths));
        Assert.Equal(["/app/WebApi"], image.Image.Config.GetProperty("config").GetProperty("Entrypoint").EnumerateArray().Select(value => value.GetString()));
    }

    private static IEnumerable<string> Sorted(IEnumerable<string> paths) => paths.Order(StringComparer.Ordinal);

    [Fact]
    public async Task The_librarys_validator_finds_no_problem_in_either_archive()
    {
        Assert.Empty(await ImageLayoutValidator.ValidateAsync(_fixture.FrameworkDependent.Image.LayoutDirectory));
        Assert.Empty(await ImageLayoutValidator.ValidateAsync(_fixture.SelfContained.Image.LayoutDirectory));
    }
}
