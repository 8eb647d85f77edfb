using Containerize.Oci.Layers;
using Containerize.Oci.Planning;

namespace Containerize.Oci.Tests.Planning;

public sealed class LayerPlannerTests : IDisposable
{
    private readonly SamplePublish _publish = new();

    public void Dispose() => _publish.Dispose();

    [Fact]
    public void Classifies_every_kind_into_its_layer_least_volatile_first()
    {
        LayerPlan plan = LayerPlanner.Plan(_publish.Request());

        Assert.Equal(
            [
                ("runtime", LayerKind.Runtime, "/app/System.Private.CoreLib.dll /app/createdump /app/libcoreclr.so"),
                ("packages", LayerKind.Packages, "/app/Newtonsoft.Json.dll /app/de/Humanizer.resources.dll"),
                ("prerelease-packages", LayerKind.PrereleasePackages, "/app/Some.Preview.dll"),
                ("project-references", LayerKind.ProjectReferences, "/app/Lib.dll /app/Lib.pdb /app/de/Lib.resources.dll /app/lib-settings.json"),
                ("app", LayerKind.App, "/app/App /app/App.deps.json /app/App.dll /app/App.pdb /app/App.runtimeconfig.json /app/appsettings.json /app/de/App.resources.dll /app/wwwroot/css/site.css /app/wwwroot/index.html"),
            ],
            plan.Layers.Select(layer => (layer.Name, layer.Kind, string.Join(' ', layer.Entries.Select(entry => entry.ContainerPath)))));
    }

    [Fact]
    public void Executables_on_disk_get_0755_and_everything_else_0644_owned_by_root()
    {
        LayerPlan plan = LayerPlanner.Plan(_publish.Request());

        LayerEntry[] entries = plan.Layers.SelectMany(layer => layer.Entries).ToArray();
        Assert.Equal(["/app/App", "/app/createdump"], entries.Where(entry => entry.Mode == FileModes.Executable).Select(entry => entry.ContainerPath).Order(StringComparer.Ordinal));
        Assert.All(entries, entry =>
        {
            Assert.Contains(entry.Mode, new[] { FileModes.Executable, FileModes.Regular });
            Assert.Equal((0, 0), (entry.UserId, entry.GroupId));
            Assert.Equal(LayerEntryType.File, entry.Type);
            Assert.True(File.Exists(entry.SourcePath));
        });
    }

    [Fact]
    public void Empty_layers_are_left_out()
    {
        LayerPlanRequest request = _publish.Request() with { PublishedFiles = _publish.Files.Where(file => file.NuGetPackageId is null && file.SourceProjectFile is null).ToList() };

        LayerPlan plan = LayerPlanner.Plan(request);

        Assert.Equal(["app"], plan.Layers.Select(layer => layer.Name));
    }

    [Theory]
    [InlineData("/", "/App.dll")]
    [InlineData("/srv/app/", "/srv/app/App.dll")]
    [InlineData("/srv//app", "/srv/app/App.dll")]
    public void The_app_directory_is_the_container_prefix(string appDirectory, string expected)
    {
        LayerPlan plan = LayerPlanner.Plan(_publish.Request() with { AppDirectory = appDirectory });

        Assert.Contains(expected, plan.Layers.Single(layer => layer.Name == "app").Entries.Select(entry => entry.ContainerPath));
    }

    [Fact]
    public void Rule_layers_sit_between_project_references_and_app_in_the_order_rules_name_them()
    {
        LayerPlanRequest request = _publish.Request() with
        {
            Rules =
            [
                new LayerRule("static", "wwwroot/**"),
                new LayerRule("satellites", "**/*.resources.dll"),
                new LayerRule("static", "*.json"),
            ],
        };

        LayerPlan plan = LayerPlanner.Plan(request);

        Assert.Equal(["runtime", "packages", "prerelease-packages", "project-references", "static", "satellites", "app"], plan.Layers.Select(layer => layer.Name));
        PlannedLayer satellites = plan.Layers.Single(layer => layer.Name == "satellites");
        Assert.Equal(LayerKind.Custom, satellites.Kind);
        Assert.Equal(["/app/de/App.resources.dll", "/app/de/Humanizer.resources.dll", "/app/de/Lib.resources.dll"], satellites.Entries.Select(entry => entry.ContainerPath));
        Assert.Equal(
            ["/app/App.deps.json", "/app/App.runtimeconfig.json", "/app/appsettings.json", "/app/lib-settings.json", "/app/wwwroot/css/site.css", "/app/wwwroot/index.html"],
            plan.Layers.Single(layer => layer.Name == "static").Entries.Select(entry => entry.ContainerPath));
    }

    [Fact]
    public void The_first_matching_rule_wins_and_rules_can_name_a_standard_layer()
    {
        LayerPlanRequest request = _publish.Request() with
        {
            Rules =
            [
                new LayerRule("app", "createdump"),
                new LayerRule("symbols", "*.pdb"),
                new LayerRule("everything-else", "**"),
            ],
        };

        LayerPlan plan = LayerPlanner.Plan(request);

        Assert.Equal(["symbols", "everything-else", "app"], plan.Layers.Select(layer => layer.Name));
        Assert.Equal(["/app/createdump"], plan.Layers.Single(layer => layer.Name == "app").Entries.Select(entry => entry.ContainerPath));
        Assert.Equal(["/app/App.pdb", "/app/Lib.pdb"], plan.Layers.Single(layer => layer.Name == "symbols").Entries.Select(entry => entry.ContainerPath));
        Assert.Equal(16, plan.Layers.Single(layer => layer.Name == "everything-else").Entries.Count);
    }
}
