using Containerize.Tasks.Tests.Integration;
using Containerize.TestSupport;
using Containerize.TestSupport.Registry;
using Containerize.TestSupport.Samples;

namespace Containerize.Tasks.Tests.Sbom;

/// <summary>
/// samples/WebApi (NuGet packages and a project reference), self-contained so its deps.json lists the runtime pack,
/// published in two separate workspaces to a real registry (distribution 2.8: no referrers API), the first also to an
/// archive and into podman; then once more with ContainerizeSbom=false.
/// </summary>
public sealed class SbomPublishFixture : IAsyncLifetime
{
    public static readonly string[] OutputProperties = ["ContainerImageDigest", "ContainerConfigDigest", "ContainerizeSbomDigest", "ContainerArchivePath", "PublishDir"];

    public DistributionRegistryServer Registry { get; private set; } = null!;

    /// <summary>The first publish's repository, in the registry and in podman: unique per run, so the machine's podman store never sees another run's image.</summary>
    public string FirstRepository { get; } = $"ctz-tests/sbom-{Guid.NewGuid():N}";

    public string BaseReference => $"{Registry.Address}/dotnet/runtime-deps:10.0";

    public SampleWorkspace FirstWorkspace { get; private set; } = null!;

    public PublishRun First { get; private set; } = null!;

    public PublishRun Second { get; private set; } = null!;

    public PublishRun Off { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Registry = await DistributionRegistryServer.StartAsync();
        await DebianBase.GetReferenceAsync();
        await RegistryTools.SeedFromOciLayoutAsync(DebianBase.LayoutDirectory, "latest", BaseReference);
        FirstWorkspace = await SampleWorkspace.CreateAsync("sbom-first");
        string archive = Path.Combine(RepositoryPaths.CreateWorkDirectory("sbom-archive"), "webapi.tar");
        First = await PublishAsync(FirstWorkspace, "first", FirstRepository, $"-p:ContainerArchiveOutputPath={archive}", "-p:LocalRegistry=Podman");
        Second = await PublishAsync(await SampleWorkspace.CreateAsync("sbom-second"), "second", "sbom/second");
        Off = await PublishAsync(FirstWorkspace, "off", "sbom/off", "-p:ContainerizeSbom=false");
    }

    private async Task<PublishRun> PublishAsync(SampleWorkspace workspace, string name, string repository, params string[] extra)
    {
        PublishRun run = await PublishRun.RunAsync(workspace, "WebApi", name, OutputProperties, [],
        [
            "-r", "linux-x64", "--self-contained",
            $"-p:ContainerBaseImage={BaseReference}",
            $"-p:ContainerRegistry={Registry.Address}",
            $"-p:ContainerRepository={repository}",
            "-p:ContainerImageTags=1.0",
            .. extra,
        ]);
        run.Result.EnsureSuccess();
        return run;
    }

    public async Task DisposeAsync()
    {
        await ProcessRunner.RunAsync("podman", ["rmi", "--force", $"localhost/{FirstRepository}:1.0", $"docker.io/{FirstRepository}:1.0"]);
        if (Registry is not null)
        {
            await Registry.DisposeAsync();
        }
    }
}
