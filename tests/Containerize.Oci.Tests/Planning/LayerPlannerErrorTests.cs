using Containerize.Oci.Errors;
using Containerize.Oci.Planning;
using Containerize.Oci.Tests.Layers;

namespace Containerize.Oci.Tests.Planning;

public sealed class LayerPlannerErrorTests : IDisposable
{
    private readonly SamplePublish _publish = new();
    private readonly TestFolder _extra = new("extra-errors");

    public void Dispose()
    {
        _publish.Dispose();
        _extra.Dispose();
    }

    [Fact]
    public void A_rule_that_matches_nothing_names_its_glob_and_layer()
    {
        ContainerizeException error = Fails(_publish.Request() with { Rules = [new LayerRule("static", "WWWROOT/**")] }, ErrorCodes.LayerRuleMatchesNothing);

        Assert.Contains("'WWWROOT/**'", error.Message);
        Assert.Contains("'static'", error.Message);
        Assert.Contains("case-sensitively", error.Hint);
    }

    [Fact]
    public void A_rule_shadowed_by_an_earlier_one_matches_nothing()
    {
        ContainerizeException error = Fails(
            _publish.Request() with { Rules = [new LayerRule("static", "wwwroot/**"), new LayerRule("pages", "**/*.html")] },
            ErrorCodes.LayerRuleMatchesNothing);

        Assert.Contains("earlier rules already took", error.Message);
    }

    [Theory]
    [InlineData("Static")]
    [InlineData("-static")]
    [InlineData("")]
    [InlineData("stätic")]
    [InlineData("a b")]
    public void Rule_layer_names_must_be_lower_case_names(string name)
    {
        ContainerizeException error = Fails(_publish.Request() with { Rules = [new LayerRule(name, "wwwroot/**")] }, ErrorCodes.InvalidLayerName);

        // A rule takes its name from Include (ContainerLayerRule Include="static"), not from a Layer attribute.
        Assert.Contains("Include=", error.Hint, StringComparison.Ordinal);
        Assert.DoesNotContain("Layer=", error.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("app")]
    [InlineData("runtime")]
    [InlineData("static")]
    public void Extra_layers_cannot_take_a_standard_or_rule_layer_name(string name)
    {
        _extra.WriteFile("tree/a.txt", "a");
        LayerPlanRequest request = _publish.Request() with
        {
            Rules = [new LayerRule("static", "wwwroot/**")],
            ExtraLayers = [new ExtraLayerSource { LayerName = name, SourceDirectory = _extra.PathOf("tree"), ContainerDirectory = "/opt/x" }],
        };

        ContainerizeException error = Fails(request, ErrorCodes.InvalidLayerName);

        Assert.Contains($"'{name}'", error.Message);
    }

    [Theory]
    [InlineData("/app/wwwroot/**")]
    [InlineData("wwwroot/../secrets")]
    [InlineData("wwwroot**")]
    [InlineData("")]
    public void Malformed_globs_are_invalid_rules(string glob)
    {
        ContainerizeException error = Fails(_publish.Request() with { Rules = [new LayerRule("static", glob)] }, ErrorCodes.InvalidLayerRule);

        Assert.Contains($"'{glob}'", error.Message);
    }

    [Theory]
    [InlineData("../outside.dll")]
    [InlineData("lib/../../outside.dll")]
    [InlineData("..\\outside.dll")]
    [InlineData("/etc/passwd")]
    [InlineData("\\etc\\passwd")]
    [InlineData("C:\\app\\x.dll")]
    [InlineData("")]
    [InlineData("./")]
    public void Relative_paths_that_escape_or_are_absolute_are_invalid(string relativePath)
    {
        _publish.Add(relativePath, diskPath: "escape.dll");

        ContainerizeException error = Fails(_publish.Request(), ErrorCodes.InvalidContainerPath);

        Assert.Contains($"'{relativePath}'", error.Message);
    }

    [Theory]
    [InlineData("app")]
    [InlineData("")]
    [InlineData("/app/../etc")]
    public void The_app_directory_must_be_absolute_and_normalized(string appDirectory)
    {
        Fails(_publish.Request() with { AppDirectory = appDirectory }, ErrorCodes.InvalidContainerPath);
    }

    [Fact]
    public void A_missing_published_file_is_named()
    {
        PublishedFile file = _publish.Add("Gone.dll");
        File.Delete(file.SourcePath);

        ContainerizeException error = Fails(_publish.Request(), ErrorCodes.PublishedFileMissing);

        Assert.Contains(file.SourcePath, error.Message);
    }

    [Fact]
    public void Two_items_with_one_path_collide()
    {
        _publish.Add("de/App.resources.dll", diskPath: "other/App.resources.dll");

        ContainerizeException error = Fails(_publish.Request(), ErrorCodes.LayerPathCollision);

        Assert.Contains("'/app/de/App.resources.dll'", error.Message);
        Assert.Contains("layer 'app'", error.Message);
    }

    [Fact]
    public void The_same_file_listed_twice_for_one_path_is_one_entry()
    {
        LayerPlanRequest request = _publish.Request();
        PublishedFile duplicate = request.PublishedFiles.First(file => file.RelativePath.EndsWith("App.dll", StringComparison.Ordinal));
        request = request with { PublishedFiles = [.. request.PublishedFiles, duplicate with { }] };

        LayerPlan plan = LayerPlanner.Plan(request);

        Assert.Single(plan.Layers.SelectMany(layer => layer.Entries), entry => entry.ContainerPath == "/app/" + duplicate.RelativePath.Replace('\\', '/'));
    }

    [Fact]
    public void An_extra_file_over_an_app_file_collides_naming_both_layers()
    {
        _extra.WriteFile("tree/appsettings.json", "{}");
        LayerPlanRequest request = _publish.Request() with
        {
            ExtraLayers = [new ExtraLayerSource { LayerName = "config", SourceDirectory = _extra.PathOf("tree"), ContainerDirectory = "/app" }],
        };

        ContainerizeException error = Fails(request, ErrorCodes.LayerPathCollision);

        Assert.Contains("'/app/appsettings.json'", error.Message);
        Assert.Contains("layer 'app'", error.Message);
        Assert.Contains("layer 'config'", error.Message);
    }

    [Fact]
    public void A_file_where_another_layer_needs_a_directory_collides()
    {
        _extra.WriteFile("tree/wwwroot", "a file named like the app's folder");
        LayerPlanRequest request = _publish.Request() with
        {
            ExtraLayers = [new ExtraLayerSource { LayerName = "config", SourceDirectory = _extra.PathOf("tree"), ContainerDirectory = "/app" }],
        };

        ContainerizeException error = Fails(request, ErrorCodes.LayerPathCollision);

        Assert.Contains("'/app/wwwroot'", error.Message);
    }

    [Fact]
    public void Directories_shared_between_layers_do_not_collide()
    {
        _extra.WriteFile("tree/wwwroot/extra.css", "x");
        LayerPlanRequest request = _publish.Request() with
        {
            ExtraLayers = [new ExtraLayerSource { LayerName = "config", SourceDirectory = _extra.PathOf("tree"), ContainerDirectory = "/app" }],
        };

        Assert.Equal("config", LayerPlanner.Plan(request).Layers[^1].Name);
    }

    [Fact]
    public void A_missing_extra_folder_is_named()
    {
        string missing = _extra.PathOf("nope");
        LayerPlanRequest request = _publish.Request() with
        {
            ExtraLayers = [new ExtraLayerSource { LayerName = "extras", SourceDirectory = missing, ContainerDirectory = "/opt/x" }],
        };

        ContainerizeException error = Fails(request, ErrorCodes.ExtraLayerFolderMissing);

        Assert.Contains(missing, error.Message);
    }

    [Theory]
    [InlineData("opt/x")]
    [InlineData("/opt/../x")]
    [InlineData("")]
    public void An_extra_container_directory_must_be_absolute(string containerDirectory)
    {
        _extra.WriteFile("tree/a", "a");

        Fails(
            _publish.Request() with { ExtraLayers = [new ExtraLayerSource { LayerName = "extras", SourceDirectory = _extra.PathOf("tree"), ContainerDirectory = containerDirectory }] },
            ErrorCodes.InvalidContainerPath);
    }

    [Fact]
    public void Negative_owners_and_oversized_modes_are_rejected()
    {
        _extra.WriteFile("tree/a", "a");
        var source = new ExtraLayerSource { LayerName = "extras", SourceDirectory = _extra.PathOf("tree"), ContainerDirectory = "/opt/x" };

        Fails(_publish.Request() with { ExtraLayers = [source with { UserId = -1 }] }, ErrorCodes.InvalidOwner);
        Fails(_publish.Request() with { ExtraLayers = [source with { FileMode = (UnixFileMode)0x1000 }] }, ErrorCodes.InvalidFileMode);
        Fails(_publish.Request() with { ExtraLayers = [source with { DirectoryMode = (UnixFileMode)0x2000 }] }, ErrorCodes.InvalidFileMode);
    }

    private static ContainerizeException Fails(LayerPlanRequest request, string code)
    {
        var error = Assert.Throws<ContainerizeException>(() => LayerPlanner.Plan(request));
        Assert.Equal(code, error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Hint));
        return error;
    }
}
