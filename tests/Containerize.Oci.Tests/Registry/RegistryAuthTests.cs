using System.Text;
using Containerize.Oci.Building;
using Containerize.Oci.Destinations;
using Containerize.Oci.Errors;
using Containerize.Oci.Registry;
using Containerize.Oci.Registry.Credentials;
using Containerize.Oci.Sources;
using Containerize.Oci.Storage;
using Containerize.TestSupport;
using Containerize.TestSupport.Registry;
using Xunit.Abstractions;

namespace Containerize.Oci.Tests.Registry;

/// <summary>Basic auth (htpasswd) and Bearer token auth (distribution's token authentication) against real registries.</summary>
public sealed class RegistryAuthTests(ITestOutputHelper output)
{
    private const string User = "alice";
    private const string Password = "wonderland-s3cret";
    private readonly TestOutputLog _log = new(output);

    [Fact]
    public async Task BasicAuthPushWorksWithExplicitCredentialsAndFailsWithoutThemNamingTheSourcesButNotTheSecret()
    {
        await using DistributionRegistryServer server = await DistributionRegistryServer.StartAsync(new RegistryServerOptions { BasicUser = (User, Password) });
        BuiltImage image = await BuildImageAsync();

        RegistryOptions withCredential = RegistryTestContext.Options() with { Credential = RegistryCredential.FromUsernamePassword(User, Password, "explicit properties") };
        using (var destination = new RegistryDestination(server.Address, "auth/basic", withCredential, _log))
        {
            await destination.PushAsync(image, ["1"], CancellationToken.None);
        }

        RegistryTools.VerifyLayoutBlobs(await RegistryTools.CopyToOciLayoutAsync($"{server.Address}/auth/basic:1", credentials: $"{User}:{Password}"));

        using (var anonymous = new RegistryDestination(server.Address, "auth/basic", RegistryTestContext.Options(), _log))
        {
            var error = await Assert.ThrowsAsync<ContainerizeException>(() => anonymous.PushAsync(image, ["2"], CancellationToken.None));
            Assert.Equal(ErrorCodes.RegistryUnauthorized, error.Code);
            Assert.Contains("found no credential", error.Message);
            Assert.Contains(server.Address, error.Message);
        }

        var environment = new Dictionary<string, string> { ["CONTAINERIZE_REGISTRY_USERNAME"] = User, ["CONTAINERIZE_REGISTRY_PASSWORD"] = "wrong-pa55word" };
        using (var wrong = new RegistryDestination(server.Address, "auth/basic", RegistryTestContext.Options(environment), _log))
        {
            var error = await Assert.ThrowsAsync<ContainerizeException>(() => wrong.PushAsync(image, ["2"], CancellationToken.None));
            Assert.Equal(ErrorCodes.RegistryUnauthorized, error.Code);
            Assert.Contains("CONTAINERIZE_REGISTRY_USERNAME", error.Message);
            Assert.DoesNotContain("wrong-pa55word", error.ToString());
        }
    }

    [Fact]
    public async Task BasicAuthCredentialsComeFromTheDockerConfig()
    {
        await using DistributionRegistryServer server = await DistributionRegistryServer.StartAsync(new RegistryServerOptions { BasicUser = (User, Password) });
        string dockerConfig = RepositoryPaths.CreateWorkDirectory("docker-config");
        string auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));
        await File.WriteAllTextAsync(Path.Combine(dockerConfig, "config.json"), $"{{\"auths\":{{\"{server.Address}\":{{\"auth\":\"{auth}\"}}}}}}");

        using var destination = new RegistryDestination(server.Address, "auth/config", RegistryTestContext.Options(new Dictionary<string, string> { ["DOCKER_CONFIG"] = dockerConfig }), _log);
        RegistryPushResult result = await destination.PushAsync(await BuildImageAsync(), ["1"], CancellationToken.None);
        Assert.Equal(2, result.Blobs.Count);
    }

    [Fact]
    public async Task BearerTokenAuthPushesWithOneCachedTokenAndPullsBack()
    {
        await using TestTokenIssuer issuer = await TestTokenIssuer.StartAsync(User, Password);
        await using DistributionRegistryServer server = await DistributionRegistryServer.StartAsync(new RegistryServerOptions { TokenAuth = issuer.Settings });
        var builder = new TestImageBuilder(RepositoryPaths.CreateWorkDirectory("bearer"));
        BuiltImage image = builder.Build([
            await builder.AddLayerAsync("a", 20_000, 1), await builder.AddLayerAsync("b", 20_000, 2),
            await builder.AddLayerAsync("c", 20_000, 3), await builder.AddLayerAsync("d", 20_000, 4)]);
        RegistryOptions options = RegistryTestContext.Options() with { Credential = RegistryCredential.FromUsernamePassword(User, Password, "explicit properties") };

        using (var destination = new RegistryDestination(server.Address, "auth/bearer", options, _log))
        {
            RegistryPushResult result = await destination.PushAsync(image, ["1", "2"], CancellationToken.None);
            Assert.Equal(5, result.Blobs.Count(b => b.Action == BlobPushAction.Uploaded));
            // Many requests (HEADs, uploads, manifest, tags), one scope: one token.
            Assert.Equal(1, destination.TokensFetched);
            Assert.Equal(1, issuer.TokensIssued);
        }

        using var source = new RegistryImageSource($"{server.Address}/auth/bearer:2", options, new LocalBlobStore(RepositoryPaths.CreateWorkDirectory("cache")), _log);
        SourceImage pulled = await source.ResolveAsync(image.Platform, CancellationToken.None);
        Assert.Equal(image.Manifest.Digest, pulled.Manifest!.Digest);
    }

    [Fact]
    public async Task ExpiredTokenIsReplacedByANewOne()
    {
        await using TestTokenIssuer issuer = await TestTokenIssuer.StartAsync(User, Password);
        issuer.ExpiresInSeconds = 1;
        await using DistributionRegistryServer server = await DistributionRegistryServer.StartAsync(new RegistryServerOptions { TokenAuth = issuer.Settings });
        RegistryOptions options = RegistryTestContext.Options() with { Credential = RegistryCredential.FromUsernamePassword(User, Password, "explicit properties") };
        BuiltImage image = await BuildImageAsync();
        using var destination = new RegistryDestination(server.Address, "auth/expiring", options, _log);
        await destination.PushAsync(image, ["1"], CancellationToken.None);
        int afterFirstPush = destination.TokensFetched;

        // Past expires_in, the cached token must not be reused.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await destination.PushAsync(image, ["2"], CancellationToken.None);
        Assert.True(destination.TokensFetched > afterFirstPush);
    }

    [Fact]
    public async Task BearerTokenAuthUsesTheIdentityTokenFormAndRefusesAWrongPassword()
    {
        await using TestTokenIssuer issuer = await TestTokenIssuer.StartAsync(User, Password, refreshToken: "refresh-t0ken");
        await using DistributionRegistryServer server = await DistributionRegistryServer.StartAsync(new RegistryServerOptions { TokenAuth = issuer.Settings });
        BuiltImage image = await BuildImageAsync();

        string dockerConfig = RepositoryPaths.CreateWorkDirectory("docker-config");
        await File.WriteAllTextAsync(Path.Combine(dockerConfig, "config.json"), $"{{\"auths\":{{\"{server.Address}\":{{\"identitytoken\":\"refresh-t0ken\"}}}}}}");
        using (var destination = new RegistryDestination(server.Address, "auth/identity",
            RegistryTestContext.Options(new Dictionary<string, string> { ["DOCKER_CONFIG"] = dockerConfig }), _log))
        {
            await destination.PushAsync(image, ["1"], CancellationToken.None);
        }

        RegistryOptions wrong = RegistryTestContext.Options() with { Credential = RegistryCredential.FromUsernamePassword(User, "not-the-pa55word", "explicit properties") };
        using var refused = new RegistryDestination(server.Address, "auth/identity", wrong, _log);
        var error = await Assert.ThrowsAsync<ContainerizeException>(() => refused.PushAsync(image, ["2"], CancellationToken.None));
        Assert.Equal(ErrorCodes.RegistryUnauthorized, error.Code);
        Assert.Contains("explicit properties", error.Message);
        Assert.DoesNotContain("not-the-pa55word", error.ToString());

        using var anonymous = new RegistryDestination(server.Address, "auth/identity", RegistryTestContext.Options(), _log);
        var anonymousError = await Assert.ThrowsAsync<ContainerizeException>(() => anonymous.PushAsync(image, ["3"], CancellationToken.None));
        Assert.Equal(ErrorCodes.RegistryUnauthorized, anonymousError.Code);
    }

    private static async Task<BuiltImage> BuildImageAsync()
    {
        var builder = new TestImageBuilder(RepositoryPaths.CreateWorkDirectory("auth-image"));
        return builder.Build([await builder.AddLayerAsync("app", 10_000, 99)]);
    }
}
