using System.Text.Json;
using Containerize.Oci.Building;
using Containerize.Oci.Layers;
using Containerize.Oci.Logging;
using Containerize.Oci.Model;
using Containerize.Oci.Planning;
using Containerize.Oci.Tests.Sources;

namespace Containerize.Oci.Tests.Building;

/// <summary>Ports and user like the SDK: ASP.NET Core's variables expose ports, APP_UID names the user, the working directory's owner and mode can be set.</summary>
public sealed class PortsAndUserTests
{
    [Theory]
    [InlineData(new[] { "ASPNETCORE_HTTP_PORTS=8080;8081", "ASPNETCORE_HTTPS_PORTS=8443" }, new[] { "8080/tcp", "8081/tcp", "8443/tcp" })]
    [InlineData(new[] { "ASPNETCORE_HTTP_PORTS=8080", "ASPNETCORE_URLS=http://+:5000;https://*:5001;http://[::]:5002/base" }, new[] { "5000/tcp", "5001/tcp", "5002/tcp" })]
    [InlineData(new[] { "ASPNETCORE_HTTP_PORTS=http" }, new string[0])]
    public async Task Ports_named_by_ASP_NET_Core_variables_are_exposed(string[] environment, string[] expected)
    {
        ImageConfig config = await BuildAsync(new ContainerConfig { Env = environment }, new ImageSettings { Repository = "team/ports" });

        Assert.Equal(expected, config.Config!.ExposedPorts?.Keys ?? []);
    }

    [Fact]
    public async Task A_base_port_without_protocol_and_ours_with_it_are_one_port()
    {
        var baseConfig = new ContainerConfig { ExposedPorts = new Dictionary<string, EmptyObject> { ["6200"] = EmptyObject.Instance } };

        ImageConfig config = await BuildAsync(baseConfig, new ImageSettings { Repository = "team/ports", Ports = [new ContainerPort(6200, "tcp")] });

        Assert.Equal(["6200/tcp"], config.Config!.ExposedPorts!.Keys);
    }

    [Theory]
    [InlineData(null, null, "1654")]
    [InlineData("APP_UID=1000", null, "1000")]
    [InlineData(null, "2000", "2000")]
    [InlineData("APP_UID=1000", "2000", "2000")]
    public async Task The_user_is_APP_UID_from_base_or_our_environment_else_1654(string? baseAppUid, string? ourAppUid, string expected)
    {
        var baseConfig = new ContainerConfig { Env = baseAppUid is null ? ["PATH=/bin"] : ["PATH=/bin", baseAppUid] };
        var settings = new ImageSettings { Repository = "team/user", EnvironmentVariables = ourAppUid is null ? [] : [new("APP_UID", ourAppUid)] };

        ImageConfig config = await BuildAsync(baseConfig, settings);

        Assert.Equal(expected, config.Config!.User);
    }

    [Fact]
    public async Task The_working_directory_gets_its_owner_and_mode_in_every_layer_that_writes_it()
    {
        string root = TestLayoutBuilder.CreateTemporaryDirectory("workdir-owner");
        ImageBuildRequest request = Request(root, new ContainerConfig(), new ImageSettings
        {
            Repository = "team/owner", WorkingDirectoryOwner = (1654, 1654), WorkingDirectoryMode = (UnixFileMode)0b111_111_101,
        });

        BuiltImage image = await new LayeredImageBuilder(NullBuildLog.Instance).BuildAsync(request, default);

        Assert.Equal(["packages", "app"], image.AppLayers.Select(layer => layer.Name));
        foreach (BuiltLayer layer in image.AppLayers)
        {
            await using Stream tar = await layer.OpenUncompressedAsync(default);
            var reader = new System.Formats.Tar.TarReader(tar);
            System.Formats.Tar.TarEntry app = (await reader.GetNextEntryAsync())!;
            Assert.Equal("app/", app.Name);
            Assert.Equal((1654, 1654, (UnixFileMode)0b111_111_101), (app.Uid, app.Gid, app.Mode));
        }
    }

    private static async Task<ImageConfig> BuildAsync(ContainerConfig baseConfig, ImageSettings settings)
    {
        string root = TestLayoutBuilder.CreateTemporaryDirectory("ports-user");
        BuiltImage image = await new LayeredImageBuilder(NullBuildLog.Instance).BuildAsync(Request(root, baseConfig, settings), default);
        return JsonSerializer.Deserialize<ImageConfig>(image.ConfigBytes)!;
    }

    private static ImageBuildRequest Request(string root, ContainerConfig baseConfig, ImageSettings settings)
    {
        var layout = new TestLayoutBuilder(Path.Combine(root, "base"));
        layout.WriteIndex((layout.AddImage(TestLayoutBuilder.PasswdLayers(), TestLayoutBuilder.Amd64, container: baseConfig), "latest"));
        string publish = Directory.CreateDirectory(Path.Combine(root, "publish")).FullName;
        File.WriteAllText(Path.Combine(publish, "App.dll"), "app");
        File.WriteAllText(Path.Combine(publish, "Lib.dll"), "package");
        return new ImageBuildRequest
        {
            BaseImage = $"oci:{layout.Directory}:latest",
            RuntimeIdentifier = "linux-x64",
            Layers = new LayerPlanRequest
            {
                PublishedFiles =
                [
                    new PublishedFile { SourcePath = Path.Combine(publish, "App.dll"), RelativePath = "App.dll" },
                    new PublishedFile { SourcePath = Path.Combine(publish, "Lib.dll"), RelativePath = "Lib.dll", NuGetPackageId = "Lib", NuGetPackageVersion = "1.0.0" },
                ],
            },
            Settings = settings,
            WorkDirectory = Path.Combine(root, "work"),
            RunCheck = false,
        };
    }
}
