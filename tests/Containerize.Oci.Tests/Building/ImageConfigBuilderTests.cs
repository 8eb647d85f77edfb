using Containerize.Oci.Building;
using Containerize.Oci.Digests;
using Containerize.Oci.Layers;
using Containerize.Oci.Model;

namespace Containerize.Oci.Tests.Building;

public sealed class ImageConfigBuilderTests
{
    private static readonly Platform s_amd64 = new() { Os = "linux", Architecture = "amd64" };
    private static readonly Digest s_baseDiffId = Digest.ComputeSha256("base"u8);
    private static readonly Digest s_ourDiffId = Digest.ComputeSha256("ours"u8);

    private static readonly ImageConfig s_base = new()
    {
        Created = "2020-01-01T00:00:00Z",
        Architecture = "amd64",
        Os = "linux",
        Config = new ContainerConfig
        {
            User = "0",
            Env = ["PATH=/usr/bin", "APP_UID=1654", "ASPNETCORE_HTTP_PORTS=8080"],
            Entrypoint = ["/docker-entrypoint.sh"],
            Cmd = ["nginx"],
            ExposedPorts = new Dictionary<string, EmptyObject> { ["80/tcp"] = EmptyObject.Instance },
            Labels = new Dictionary<string, string> { ["maintainer"] = "base", ["keep"] = "yes" },
            StopSignal = "SIGQUIT",
        },
        RootFileSystem = new RootFileSystem { DiffIds = [s_baseDiffId] },
        History = [new HistoryEntry { Created = "2020-01-01T00:00:00Z", CreatedBy = "ADD rootfs" }],
    };

    private static readonly BuiltLayer s_layer = new()
    {
        Name = "app",
        Descriptor = new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = Digest.ComputeSha256("gz"u8), Size = 2 },
        DiffId = s_ourDiffId,
        UncompressedSize = 10,
        FileCount = 3,
        Content = _ => throw new InvalidOperationException("The config builder reads no layer bytes."),
    };

    private static ImageConfig Build(ImageSettings settings) =>
        ImageConfigBuilder.Build(s_base, new Platform { Os = "linux", Architecture = "arm64", Variant = "v8" }, settings, "1654", [s_layer], new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero));

    [Fact]
    public void MergesTheBaseAndOurSettings()
    {
        ImageConfig config = Build(new ImageSettings
        {
            Repository = "team/api",
            WorkingDirectory = "/srv",
            Ports = [new ContainerPort(8080), new ContainerPort(53, "udp")],
            EnvironmentVariables = [new("ASPNETCORE_HTTP_PORTS", "9090"), new("NEW", "1")],
            Labels = [new("maintainer", "us")],
            Entrypoint = ["/srv/App"],
        });

        Assert.Equal("2024-05-06T07:08:09Z", config.Created);
        Assert.Equal(("arm64", "v8"), (config.Architecture, config.Variant));
        ContainerConfig container = config.Config!;
        Assert.Equal("1654", container.User);
        Assert.Equal("/srv", container.WorkingDir);
        Assert.Equal(["PATH=/usr/bin", "APP_UID=1654", "ASPNETCORE_HTTP_PORTS=9090", "NEW=1"], container.Env);
        // 9090 is the user's ASPNETCORE_HTTP_PORTS: exposed as the SDK does.
        Assert.Equal(["53/udp", "80/tcp", "8080/tcp", "9090/tcp"], container.ExposedPorts!.Keys);
        Assert.Equal("us", container.Labels!["maintainer"]);
        Assert.Equal("yes", container.Labels["keep"]);
        Assert.Equal(["/srv/App"], container.Entrypoint);
        Assert.Null(container.Cmd);
        Assert.Equal("SIGQUIT", container.StopSignal);
        Assert.Equal([s_baseDiffId, s_ourDiffId], config.RootFileSystem.DiffIds);
        Assert.Equal(2, config.History!.Count);
        Assert.Equal("2024-05-06T07:08:09Z", config.History[1].Created);
        Assert.Contains("app", config.History[1].CreatedBy, StringComparison.Ordinal);
    }

    [Fact]
    public void KeepsTheBaseEntrypointAndCmdWhenWeSetNone()
    {
        ImageConfig config = Build(new ImageSettings { Repository = "r" });

        Assert.Equal(["/docker-entrypoint.sh"], config.Config!.Entrypoint);
        Assert.Equal(["nginx"], config.Config.Cmd);
    }

    [Fact]
    public void OurCmdIsKeptWithOurEntrypoint()
    {
        ImageConfig config = Build(new ImageSettings { Repository = "r", Entrypoint = ["/tini", "--"], Cmd = ["dotnet", "/app/App.dll"] });

        Assert.Equal(["/tini", "--"], config.Config!.Entrypoint);
        Assert.Equal(["dotnet", "/app/App.dll"], config.Config.Cmd);
    }

    [Fact]
    public void BaseHistoryIsMadeUsable()
    {
        ImageConfig withoutHistory = s_base with { History = null };
        ImageConfig withoutCreated = s_base with { History = [new HistoryEntry { CreatedBy = "ADD rootfs" }] };
        var settings = new ImageSettings { Repository = "r" };
        DateTimeOffset timestamp = ReproducibleDefaults.Timestamp;

        ImageConfig fromNone = ImageConfigBuilder.Build(withoutHistory, s_amd64, settings, "1", [s_layer], timestamp);
        ImageConfig fromPartial = ImageConfigBuilder.Build(withoutCreated, s_amd64, settings, "1", [s_layer], timestamp);

        Assert.Equal(2, fromNone.History!.Count);
        Assert.Equal("2020-01-01T00:00:00Z", fromNone.History[0].Created);
        Assert.Equal("2020-01-01T00:00:00Z", fromPartial.History![0].Created);
        Assert.Equal("ADD rootfs", fromPartial.History[0].CreatedBy);
    }

    [Fact]
    public void TheSameInputsGiveTheSameBytes()
    {
        var settings = new ImageSettings { Repository = "r", Labels = [new("b", "2"), new("a", "1")] };
        var reordered = settings with { Labels = [new("a", "1"), new("b", "2")] };

        Assert.Equal(OciJson.Serialize(Build(settings)), OciJson.Serialize(Build(reordered)));
    }
}
