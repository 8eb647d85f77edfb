using Containerize.Tasks.Tests.Integration;
using Containerize.TestSupport;
using Containerize.TestSupport.Registry;
using Containerize.TestSupport.Samples;

namespace Containerize.Tasks.Tests.DropIn;

/// <summary>
/// One publish of ConsoleApp, on a base in a real registry, to every kind of destination at once: the registry, an
/// archive and podman (LocalRegistry=Podman). The SDK's Generated* outputs and the resolved ContainerBase* are read
/// back with -getProperty / -getItem.
/// </summary>
public sealed class DropInPublishFixture : IAsyncLifetime
{
    public static readonly string[] OutputProperties =
    [
        "GeneratedContainerDigest", "GeneratedContainerManifest", "GeneratedContainerConfiguration", "GeneratedContainerMediaType",
        "GeneratedArchiveOutputPath", "ContainerBaseRegistry", "ContainerBaseName", "ContainerBaseTag", "ContainerBaseDigest",
        "ContainerImageDigest", "ContainerConfigDigest",
    ];

    public static readonly string[] OutputItems = ["GeneratedContainerName", "GeneratedContainer"];

    public DistributionRegistryServer Registry { get; private set; } = null!;

    /// <summary>Unique per run, so the podman store (shared by the machine) never sees another run's image.</summary>
    public string Repository { get; } = $"ctz-tests/dropin-{Guid.NewGuid():N}";

    public string BaseReference => $"{Registry.Address}/dotnet/runtime-deps:10.0";

    public string ArchivePath { get; private set; } = null!;

    public PublishRun Run { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Registry = await DistributionRegistryServer.StartAsync();
        await DebianBase.GetReferenceAsync();
        await RegistryTools.SeedFromOciLayoutAsync(DebianBase.LayoutDirectory, "latest", BaseReference);
        SampleWorkspace workspace = await SampleWorkspace.CreateAsync("dropin");
        ArchivePath = Path.Combine(RepositoryPaths.CreateWorkDirectory("dropin-archive"), "image.tar");
        Run = await PublishRun.RunAsync(workspace, "ConsoleApp", "dropin", OutputProperties, OutputItems,
        [
            "-r", "linux-x64", "--self-contained",
            $"-p:ContainerBaseImage={BaseReference}",
            $"-p:ContainerRegistry={Registry.Address}",
            $"-p:ContainerRepository={Repository}",
            "-p:ContainerImageTags=\"1.0;latest\"",
            $"-p:ContainerArchiveOutputPath={ArchivePath}",
            "-p:LocalRegistry=Podman",
        ]);
        Run.Result.EnsureSuccess();
    }

    public async Task DisposeAsync()
    {
        await ProcessRunner.RunAsync("podman", ["rmi", "--force", $"localhost/{Repository}:1.0", $"localhost/{Repository}:latest"]);
        if (Registry is not null)
        {
            await Registry.DisposeAsync();
        }
    }
}
