using Containerize.Oci.Registry.Credentials;
using Containerize.TestSupport;
using Containerize.TestSupport.Registry;
using Containerize.TestSupport.Samples;

namespace Containerize.Tasks.Tests.Registry;

/// <summary>
/// A real registry that takes only htpasswd Basic auth, with a user and a random password made for this run and the
/// Debian base seeded into it; publishes ConsoleApp (framework-dependent) to it with credentials only from the
/// environment given, a binary log and diagnostic verbosity, so tests can look for the password everywhere.
/// </summary>
public sealed class RegistryAuthPublishFixture : IAsyncLifetime
{
    public const string User = "ci-pusher";

    /// <summary>Every variable a credential could come from besides the ones a test sets, cleared for the dotnet process.</summary>
    private static readonly string[] s_credentialVariables = [.. CredentialVariables.All, "REGISTRY_AUTH_FILE", "XDG_RUNTIME_DIR"];

    /// <summary>Random for each run, so finding it anywhere can only mean this run leaked it.</summary>
    public string Password { get; } = "Pw" + Guid.NewGuid().ToString("N");

    public string Credentials => $"{User}:{Password}";

    public DistributionRegistryServer Registry { get; private set; } = null!;

    public SampleWorkspace Workspace { get; private set; } = null!;

    public string CacheDirectory { get; private set; } = null!;

    public string BaseReference => $"{Registry.Address}/dotnet/runtime-deps:10.0";

    public async Task InitializeAsync()
    {
        Registry = await DistributionRegistryServer.StartAsync(new RegistryServerOptions { BasicUser = (User, Password) });
        await DebianBase.GetReferenceAsync();
        await RegistryTools.SeedFromOciLayoutAsync(DebianBase.LayoutDirectory, "latest", BaseReference, Credentials);
        Workspace = await SampleWorkspace.CreateAsync("registry-auth");
        CacheDirectory = Path.Combine(Path.GetDirectoryName(Workspace.Root)!, "cache");
    }

    /// <summary>
    /// Publishes ConsoleApp to <paramref name="repository"/>:1.0.0 with only <paramref name="environment"/> as credential
    /// sources: the other credential variables are cleared and DOCKER_CONFIG points at an empty folder unless given.
    /// </summary>
    public async Task<AuthenticatedPublish> PublishAsync(string repository, IReadOnlyDictionary<string, string> environment, params string[] extra)
    {
        var variables = s_credentialVariables.ToDictionary(name => name, string? (_) => null);
        variables["DOCKER_CONFIG"] = RepositoryPaths.CreateWorkDirectory("empty-docker-config");
        foreach ((string name, string value) in environment)
        {
            variables[name] = value;
        }

        string output = Path.Combine(Path.GetDirectoryName(Workspace.Root)!, "out");
        Directory.CreateDirectory(output);
        string binaryLog = Path.Combine(output, $"{repository.Replace('/', '-')}.binlog");
        ProcessResult result = await Workspace.DotnetAsync(
            [
                "publish", Workspace.ProjectDirectory("ConsoleApp"), "-nologo", "-t:PublishLayeredImage", $"-bl:{binaryLog}", "-v:diag",
                $"-p:ContainerBaseImage={BaseReference}",
                "-p:ContainerizeRunCheck=false",
                $"-p:ContainerRegistry={Registry.Address}",
                $"-p:ContainerRepository={repository}",
                "-p:ContainerImageTags=1.0.0",
                $"-p:ContainerizeCacheDirectory={CacheDirectory}",
                .. extra,
            ],
            variables);
        return new AuthenticatedPublish(result, binaryLog, Workspace.ProjectDirectory("ConsoleApp"), repository);
    }

    public async Task DisposeAsync()
    {
        if (Registry is not null)
        {
            await Registry.DisposeAsync();
        }
    }
}
