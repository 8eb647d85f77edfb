using Containerize.Tasks.Tests.Integration;
using Containerize.TestSupport.Registry;
using Containerize.TestSupport.Samples;

namespace Containerize.Tasks.Tests.Registry;

/// <summary>
/// One real registry with the Debian base seeded into it, and the pushes every test of <see cref="RegistryPushTests"/>
/// looks at, made once: ConsoleApp self-contained (twice, then to a second repository), WebApi framework-dependent.
/// </summary>
public sealed class RegistryPushFixture : IAsyncLifetime
{
    public static readonly string[] OutputProperties =
        ["ContainerImageDigest", "ContainerImageDigestReference", "ContainerImageDigestFile", "ContainerArchivePath"];

    public static readonly string[] OutputItems = ["ContainerLayer", "ContainerPushedImage"];

    public DistributionRegistryServer Registry { get; private set; } = null!;

    public SampleWorkspace Workspace { get; private set; } = null!;

    /// <summary>The seeded base, as a user names it: <c>127.0.0.1:PORT/dotnet/runtime-deps:10.0</c>.</summary>
    public string BaseReference => $"{Registry.Address}/dotnet/runtime-deps:10.0";

    /// <summary>ContainerizeCacheDirectory of every push here.</summary>
    public string CacheDirectory { get; private set; } = null!;

    public PublishRun ConsoleFirst { get; private set; } = null!;

    public PublishRun ConsoleAgain { get; private set; } = null!;

    public PublishRun ConsoleMirror { get; private set; } = null!;

    public PublishRun WebApi { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Registry = await DistributionRegistryServer.StartAsync();
        await DebianBase.GetReferenceAsync();
        await RegistryTools.SeedFromOciLayoutAsync(DebianBase.LayoutDirectory, "latest", BaseReference);
        Workspace = await SampleWorkspace.CreateAsync("registry-push");
        CacheDirectory = Path.Combine(Path.GetDirectoryName(Workspace.Root)!, "cache");

        ConsoleFirst = await PushConsoleAppAsync("console-first", "consoleapp", "\"1.0.0;latest\"");
        ConsoleAgain = await PushConsoleAppAsync("console-again", "consoleapp", "\"1.0.0;latest\"");
        ConsoleMirror = await PushConsoleAppAsync("console-mirror", "mirror/consoleapp", "1.0.0", "-p:ContainerizeMountFromRepository=consoleapp");
        WebApi = await PublishRun.RunAsync(Workspace, "WebApi", "webapi", OutputProperties, OutputItems, PushArguments("webapi", "2.0.0"));
        WebApi.Result.EnsureSuccess();
    }

    /// <summary>The arguments that push to this fixture's registry on its base; callers add their own.</summary>
    public string[] PushArguments(string repository, string tags, params string[] extra) =>
    [
        $"-p:ContainerBaseImage={BaseReference}",
        $"-p:ContainerRegistry={Registry.Address}",
        $"-p:ContainerRepository={repository}",
        $"-p:ContainerImageTags={tags}",
        $"-p:ContainerizeCacheDirectory={CacheDirectory}",
        .. extra,
    ];

    private async Task<PublishRun> PushConsoleAppAsync(string name, string repository, string tags, params string[] extra)
    {
        PublishRun run = await PublishRun.RunAsync(
            Workspace, "ConsoleApp", name, OutputProperties, OutputItems, ["-r", "linux-x64", "--self-contained", .. PushArguments(repository, tags, extra)]);
        run.Result.EnsureSuccess();
        return run;
    }

    public async Task DisposeAsync()
    {
        if (Registry is not null)
        {
            await Registry.DisposeAsync();
        }
    }
}
