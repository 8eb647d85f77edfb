using Containerize.Tasks.Tests.Integration;
using Containerize.TestSupport.Registry;
using Containerize.TestSupport.Samples;

namespace Containerize.Tasks.Tests.Registry;

/// <summary>
/// One real registry with the Debian base seeded into it, and the pushes every test of <see cref="RegistryPushTests"/>
/// looks at, made once: ConsoleApp self-contained (twice, then to a second repository), another console app
/// self-contained on the same runtime to a third, WebApi framework-dependent. Every push shares one cache directory,
/// so later pushes know where earlier ones put their blobs.
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

    /// <summary>A different app than ConsoleApp (its own name and code), self-contained on the same runtime and RID.</summary>
    public PublishRun OtherConsoleApp { get; private set; } = null!;

    public PublishRun WebApi { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Registry = await DistributionRegistryServer.StartAsync();
        await DebianBase.GetReferenceAsync();
        await RegistryTools.SeedFromOciLayoutAsync(DebianBase.LayoutDirectory, "latest", BaseReference);
        Workspace = await SampleWorkspace.CreateAsync("registry-push");
        CacheDirectory = Path.Combine(Path.GetDirectoryName(Workspace.Root)!, "cache");

        ConsoleFirst = await PushSelfContainedAsync("ConsoleApp", "console-first", "consoleapp", "\"1.0.0;latest\"");
        ConsoleAgain = await PushSelfContainedAsync("ConsoleApp", "console-again", "consoleapp", "\"1.0.0;latest\"");
        ConsoleMirror = await PushSelfContainedAsync("ConsoleApp", "console-mirror", "mirror/consoleapp", "1.0.0", "-p:ContainerizeMountFromRepository=consoleapp");
        AddOtherConsoleApp();
        OtherConsoleApp = await PushSelfContainedAsync("OtherConsoleApp", "other-console", "otherapp", "1.0.0");
        WebApi = await PublishRun.RunAsync(Workspace, "WebApi", "webapi", OutputProperties, OutputItems, PushArguments("webapi", "2.0.0"));
        WebApi.Result.EnsureSuccess();
    }

    /// <summary>The arguments that push to this fixture's registry on its base; callers add their own.</summary>
    public string[] PushArguments(string repository, string tags, params string[] extra) =>
    [
        $"-p:ContainerBaseImage={BaseReference}",
        // The web app is framework-dependent on a runtime-deps base, and the run check would read the base's layers.
        "-p:ContainerizeRunCheck=false",
        $"-p:ContainerRegistry={Registry.Address}",
        $"-p:ContainerRepository={repository}",
        $"-p:ContainerImageTags={tags}",
        $"-p:ContainerizeCacheDirectory={CacheDirectory}",
        .. extra,
    ];

    private async Task<PublishRun> PushSelfContainedAsync(string sample, string name, string repository, string tags, params string[] extra)
    {
        PublishRun run = await PublishRun.RunAsync(
            Workspace, sample, name, OutputProperties, OutputItems, ["-r", "linux-x64", "--self-contained", .. PushArguments(repository, tags, extra)]);
        run.Result.EnsureSuccess();
        return run;
    }

    /// <summary>ConsoleApp's project under another name with other code: its app layer differs, its runtime layer does not.</summary>
    private void AddOtherConsoleApp()
    {
        string project = File.ReadAllText(Path.Combine(Workspace.ProjectDirectory("ConsoleApp"), "ConsoleApp.csproj"))
            .Replace("<AssemblyName>ConsoleApp</AssemblyName>", "<AssemblyName>OtherConsoleApp</AssemblyName>", StringComparison.Ordinal);
        string directory = Workspace.ProjectDirectory("OtherConsoleApp");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "OtherConsoleApp.csproj"), project);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), "Console.WriteLine(\"Hello from another app on the same runtime!\");\n");
    }

    public async Task DisposeAsync()
    {
        if (Registry is not null)
        {
            await Registry.DisposeAsync();
        }
    }
}
