using Containerize.TestSupport;
using Containerize.TestSupport.Samples;

namespace Containerize.Tasks.Tests.Integration;

/// <summary>
/// samples/WebApi published once with every kind of setting a user writes in a project file: items (ports, variables,
/// labels, a layer rule, an extra layer) and properties (user, working directory, tags, app command arguments).
/// </summary>
public sealed class CustomizedImageFixture : IAsyncLifetime
{
    public PublishedImage Published { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        string baseImage = await DebianBase.GetReferenceAsync();
        SampleWorkspace workspace = await SampleWorkspace.CreateAsync("customized");
        string extra = Path.Combine(Path.GetDirectoryName(workspace.Root)!, "extra");
        Directory.CreateDirectory(Path.Combine(extra, "conf.d"));
        File.WriteAllText(Path.Combine(extra, "conf.d", "app.conf"), "level=debug\n");
        File.WriteAllText(Path.Combine(extra, ".hidden"), "kept\n");

        string items = Path.Combine(Path.GetDirectoryName(workspace.Root)!, "settings.targets");
        File.WriteAllText(items, $"""
            <Project>
              <PropertyGroup>
                <ContainerUser>app</ContainerUser>
                <ContainerWorkingDirectory>/srv/web/</ContainerWorkingDirectory>
                <ContainerImageTags>1.0;stable</ContainerImageTags>
              </PropertyGroup>
              <ItemGroup>
                <ContainerPort Include="9090" Type="udp" />
                <ContainerEnvironmentVariable Include="GREETING" Value="hello world" />
                <ContainerLabel Include="org.example.team" Value="core" />
                <ContainerAppCommandArgs Include="--once" />
                <ContainerLayerRule Include="static" Pattern="wwwroot/**" />
                <ContainerExtraLayer Include="{extra}" ContainerPath="/opt/extra" Layer="settings" Owner="1654:1654" FileMode="0640" DirectoryMode="0750" />
              </ItemGroup>
            </Project>
            """);

        Published = await PublishedImage.PublishAsync(workspace, "WebApi", "customized", $"-p:ContainerBaseImage={baseImage}", "-p:ContainerizeRunCheck=false", $"-p:CustomAfterMicrosoftCommonTargets={items}");
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
