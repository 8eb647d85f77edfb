using System.Text;
using Containerize.Oci.Errors;
using Containerize.Oci.Registry;
using Containerize.Oci.Registry.Credentials;
using Containerize.TestSupport;

namespace Containerize.Oci.Tests.Registry;

public sealed class CredentialResolverTests
{
    [Fact]
    public async Task ExplicitCredentialWinsOverEnvironmentAndConfig()
    {
        var explicitCredential = RegistryCredential.FromUsernamePassword("me", "pw", "explicit properties");
        RegistryOptions options = Options(new() { ["CONTAINERIZE_REGISTRY_USERNAME"] = "env", ["CONTAINERIZE_REGISTRY_PASSWORD"] = "envpw" }) with { Credential = explicitCredential };
        CredentialLookup lookup = await new CredentialResolver(options, RegistryAccess.Push).ResolveAsync("r.example", CancellationToken.None);
        Assert.Same(explicitCredential, lookup.Credential);
    }

    [Theory]
    [InlineData(RegistryAccess.Push, "DOTNET_CONTAINER_PUSH_REGISTRY_UNAME")]
    [InlineData(RegistryAccess.Pull, "DOTNET_CONTAINER_PULL_REGISTRY_UNAME")]
    public async Task TheSdksPerDirectionPairIsReadForItsDirectionOnlyAndBeforeTheSharedOne(RegistryAccess access, string userVariable)
    {
        string passwordVariable = userVariable.Replace("UNAME", "PWORD", StringComparison.Ordinal);
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_CONTAINER_PUSH_REGISTRY_UNAME"] = "pusher", ["DOTNET_CONTAINER_PUSH_REGISTRY_PWORD"] = "push-pw",
            ["DOTNET_CONTAINER_PULL_REGISTRY_UNAME"] = "puller", ["DOTNET_CONTAINER_PULL_REGISTRY_PWORD"] = "pull-pw",
            ["DOTNET_CONTAINER_REGISTRY_UNAME"] = "shared", ["DOTNET_CONTAINER_REGISTRY_PWORD"] = "shared-pw",
        };

        CredentialLookup lookup = await Resolver(access, Options(environment)).ResolveAsync("r.example", CancellationToken.None);

        Assert.Equal(access == RegistryAccess.Push ? "pusher" : "puller", lookup.Credential!.Username);
        Assert.Equal($"environment ({userVariable}/{passwordVariable})", lookup.Credential.Source);
    }

    [Fact]
    public void OnlyTheDotnetPrefixedVariablesAreRecordedByMSBuildAndEveryPairIsListed()
    {
        Assert.Equal(10, CredentialVariables.All.Count);
        string[] recorded = CredentialVariables.All.Where(CredentialVariables.IsRecordedByMSBuild).ToArray();
        Assert.Equal(6, recorded.Length);
        Assert.All(recorded, variable => Assert.StartsWith("DOTNET_CONTAINER_", variable, StringComparison.Ordinal));
        Assert.Equal(["DOTNET_CONTAINER_REGISTRY_PWORD"], CredentialVariables.SetAndRecorded(name => name is "DOTNET_CONTAINER_REGISTRY_PWORD" or "CONTAINERIZE_REGISTRY_PASSWORD" ? "x" : null));
    }

    [Theory]
    [InlineData("CONTAINERIZE_REGISTRY_USERNAME", "CONTAINERIZE_REGISTRY_PASSWORD")]
    [InlineData("DOTNET_CONTAINER_REGISTRY_UNAME", "DOTNET_CONTAINER_REGISTRY_PWORD")]
    [InlineData("SDK_CONTAINER_REGISTRY_UNAME", "SDK_CONTAINER_REGISTRY_PWORD")]
    public async Task EnvironmentPairsAreRead(string userVariable, string passwordVariable)
    {
        CredentialLookup lookup = await Resolver(RegistryAccess.Push, Options(new() { [userVariable] = "u", [passwordVariable] = "p" }))
            .ResolveAsync("r.example", CancellationToken.None);
        Assert.Equal("u", lookup.Credential!.Username);
        Assert.Equal("p", lookup.Credential.RevealSecret());
        Assert.Contains(userVariable, lookup.Credential.Source);
    }

    [Fact]
    public async Task DockerConfigAuthsAreReadWithDockerHubUnderItsV1Key()
    {
        string directory = RepositoryPaths.CreateWorkDirectory("docker-config");
        string auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("hubuser:hub:pass"));
        await File.WriteAllTextAsync(Path.Combine(directory, "config.json"),
            $"{{\"auths\":{{\"https://index.docker.io/v1/\":{{\"auth\":\"{auth}\"}},\"https://other.example\":{{\"identitytoken\":\"refresh\"}}}}}}");
        var resolver = Resolver(RegistryAccess.Push, Options(new() { ["DOCKER_CONFIG"] = directory }));

        CredentialLookup hub = await resolver.ResolveAsync("docker.io", CancellationToken.None);
        Assert.Equal("hubuser", hub.Credential!.Username);
        Assert.Equal("hub:pass", hub.Credential.RevealSecret());

        CredentialLookup other = await resolver.ResolveAsync("other.example", CancellationToken.None);
        Assert.Equal(CredentialKind.IdentityToken, other.Credential!.Kind);

        CredentialLookup none = await resolver.ResolveAsync("missing.example", CancellationToken.None);
        Assert.Null(none.Credential);
        Assert.Contains(directory, none.DescribeSources());
    }

    [Fact]
    public async Task PodmanAuthFilesAreReadWhenDockerHasNothing()
    {
        string runtime = RepositoryPaths.CreateWorkDirectory("xdg");
        Directory.CreateDirectory(Path.Combine(runtime, "containers"));
        string auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("podman:secret"));
        await File.WriteAllTextAsync(Path.Combine(runtime, "containers", "auth.json"), $"{{\"auths\":{{\"quay.example\":{{\"auth\":\"{auth}\"}}}}}}");
        string authFile = Path.Combine(RepositoryPaths.CreateWorkDirectory("auth-file"), "auth.json");
        await File.WriteAllTextAsync(authFile, "{\"auths\":{}}");

        CredentialLookup lookup = await Resolver(RegistryAccess.Push, Options(new() { ["XDG_RUNTIME_DIR"] = runtime, ["REGISTRY_AUTH_FILE"] = authFile }))
            .ResolveAsync("quay.example", CancellationToken.None);
        Assert.Equal("podman", lookup.Credential!.Username);
        Assert.Contains("Podman", lookup.Credential.Source);
        Assert.Contains(lookup.SourcesTried, source => source.Contains("REGISTRY_AUTH_FILE"));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task CredentialHelpersAreRunWithTheServerOnStandardInput()
    {
        string directory = RepositoryPaths.CreateWorkDirectory("cred-helper");
        string helper = Path.Combine(directory, "docker-credential-testhelper");
        // Echoes back the server it was asked for, so the test sees what went to stdin.
        await File.WriteAllTextAsync(helper, "#!/bin/sh\nread server\nif [ \"$server\" = \"helped.example\" ]; then echo '{\"Username\":\"helper-user\",\"Secret\":\"'$server'-secret\"}'; " +
            "elif [ \"$server\" = \"token.example\" ]; then echo '{\"Username\":\"<token>\",\"Secret\":\"refresh\"}'; " +
            "elif [ \"$server\" = \"broken.example\" ]; then echo boom >&2; exit 3; else echo 'credentials not found in native keychain'; exit 1; fi\n");
        Assert.True(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "Credential helper scripts need a Unix shell.");
        File.SetUnixFileMode(helper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await File.WriteAllTextAsync(Path.Combine(directory, "config.json"),
            "{\"credHelpers\":{\"helped.example\":\"testhelper\",\"token.example\":\"testhelper\",\"broken.example\":\"testhelper\"},\"credsStore\":\"testhelper\"}");
        string path = directory + ":" + Environment.GetEnvironmentVariable("PATH");
        string? oldPath = Environment.GetEnvironmentVariable("PATH");
        Environment.SetEnvironmentVariable("PATH", path);
        try
        {
            var resolver = Resolver(RegistryAccess.Push, Options(new() { ["DOCKER_CONFIG"] = directory }));
            CredentialLookup helped = await resolver.ResolveAsync("helped.example", CancellationToken.None);
            Assert.Equal("helper-user", helped.Credential!.Username);
            Assert.Equal("helped.example-secret", helped.Credential.RevealSecret());
            Assert.Equal(CredentialKind.IdentityToken, (await resolver.ResolveAsync("token.example", CancellationToken.None)).Credential!.Kind);
            Assert.Null((await resolver.ResolveAsync("unknown.example", CancellationToken.None)).Credential);
            var error = await Assert.ThrowsAsync<ContainerizeException>(() => resolver.ResolveAsync("broken.example", CancellationToken.None));
            Assert.Equal(ErrorCodes.RegistryCredentialHelperFailed, error.Code);
            Assert.Contains("docker-credential-testhelper", error.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", oldPath);
        }
    }

    [Fact]
    public void CredentialNeverPrintsItsSecret()
    {
        var credential = RegistryCredential.FromUsernamePassword("user", "hunter2", "explicit properties");
        Assert.DoesNotContain("hunter2", credential.ToString());
        Assert.Contains("explicit properties", credential.ToString());
        Assert.DoesNotContain("tok-123", RegistryCredential.FromBearerToken("tok-123", "x").ToString());
    }

    private static RegistryOptions Options(Dictionary<string, string> environment) => RegistryTestContext.Options(environment);

    private static CredentialResolver Resolver(RegistryAccess access, RegistryOptions options) => new(options, access);
}
