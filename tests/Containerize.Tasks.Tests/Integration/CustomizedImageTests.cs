using System.Formats.Tar;
using System.Text.Json;
using Containerize.TestSupport.Images;

namespace Containerize.Tasks.Tests.Integration;

/// <summary>Every setting written in a project file reaches the image: a misspelt name in the targets would fail here.</summary>
public sealed class CustomizedImageTests : IClassFixture<CustomizedImageFixture>
{
    private readonly PublishedImage _published;

    public CustomizedImageTests(CustomizedImageFixture fixture)
    {
        _published = fixture.Published;
    }

    [Fact]
    public void The_config_has_the_user_working_directory_port_variable_label_and_command()
    {
        JsonElement config = _published.Image.Config.GetProperty("config");

        Assert.Equal("1654", config.GetProperty("User").GetString()?.Split(':')[0]);
        Assert.Equal("/srv/web", config.GetProperty("WorkingDir").GetString());
        Assert.True(config.GetProperty("ExposedPorts").TryGetProperty("9090/udp", out _));
        Assert.Contains("GREETING=hello world", config.GetProperty("Env").EnumerateArray().Select(value => value.GetString()));
        Assert.Equal("core", config.GetProperty("Labels").GetProperty("org.example.team").GetString());
        Assert.Equal(["dotnet", "/srv/web/WebApi.dll", "--once"], config.GetProperty("Entrypoint").EnumerateArray().Select(value => value.GetString()));
    }

    [Fact]
    public void Both_tags_name_the_image_in_the_archive()
    {
        string[] names = _published.Image.Index.GetProperty("manifests").EnumerateArray()
            .Select(manifest => manifest.GetProperty("annotations").GetProperty("org.opencontainers.image.ref.name").GetString()!)
            .ToArray();

        Assert.Equal(["1.0", "stable"], names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_layer_rule_moves_wwwroot_into_its_own_layer_below_app()
    {
        string[] names = _published.LayerItems.Select(item => item.GetProperty("Identity").GetString()!).ToArray();
        IReadOnlySet<string> statics = _published.Layer("static")!.FilePaths;

        Assert.True(Array.IndexOf(names, "static") < Array.IndexOf(names, "app"));
        Assert.Contains("/srv/web/wwwroot/index.html", statics);
        Assert.Contains("/srv/web/wwwroot/css/site.css", statics);
        Assert.All(statics, path => Assert.StartsWith("/srv/web/wwwroot/", path, StringComparison.Ordinal));
        Assert.DoesNotContain(_published.Layer("app")!.FilePaths, path => path.StartsWith("/srv/web/wwwroot/", StringComparison.Ordinal));
    }

    [Fact]
    public void The_extra_layer_adds_the_folder_with_its_owner_and_modes_hidden_files_included()
    {
        Assert.Equal("settings", _published.LayerItems.Last().GetProperty("Identity").GetString());
        IReadOnlyList<LayerFile> entries = _published.Layer("settings")!.Entries;

        LayerFile configFile = entries.Single(entry => entry.Path == "/opt/extra/conf.d/app.conf");
        Assert.Equal((UnixFileMode)0b110_100_000, configFile.Mode);
        Assert.Equal((1654, 1654), (configFile.UserId, configFile.GroupId));
        Assert.Contains(entries, entry => entry.Path == "/opt/extra/.hidden");
        LayerFile folder = entries.Single(entry => entry.Path == "/opt/extra/conf.d");
        Assert.Equal(TarEntryType.Directory, folder.Type);
        Assert.Equal((UnixFileMode)0b111_101_000, folder.Mode);
    }
}
