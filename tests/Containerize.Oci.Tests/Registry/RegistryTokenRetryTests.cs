using Containerize.Oci.Building;
using Containerize.Oci.Destinations;
using Containerize.Oci.Errors;
using Containerize.Oci.Registry;
using Containerize.Oci.Registry.Credentials;
using Containerize.TestSupport;
using Containerize.TestSupport.Registry;
using Xunit.Abstractions;

namespace Containerize.Oci.Tests.Registry;

/// <summary>A token service answering 503 is retried with the same policy as every other registry request.</summary>
public sealed class RegistryTokenRetryTests(ITestOutputHelper output)
{
    private const string User = "bob";
    private const string Password = "token-retry-s3cret";
    private readonly TestOutputLog _log = new(output);

    [Fact]
    public async Task A_503_from_the_token_service_is_survived_and_the_push_completes()
    {
        await using TestTokenIssuer issuer = await TestTokenIssuer.StartAsync(User, Password);
        await using DistributionRegistryServer server = await DistributionRegistryServer.StartAsync(new RegistryServerOptions { TokenAuth = issuer.Settings });
        RegistryOptions options = RegistryTestContext.Options() with { Credential = RegistryCredential.FromUsernamePassword(User, Password, "explicit properties") };
        BuiltImage image = await BuildImageAsync();
        issuer.FailNextRequests = 2;

        using (var destination = new RegistryDestination(server.Address, "auth/token-retry", options, _log))
        {
            await destination.PushAsync(image, ["1"], CancellationToken.None);
        }

        Assert.Equal(2, issuer.FailuresAnswered);
        Assert.True(issuer.TokensIssued >= 1);
        Assert.Contains(_log.Lines, line => line.StartsWith("Retrying ", StringComparison.Ordinal) && line.Contains("token service", StringComparison.Ordinal));
        RegistryTools.VerifyLayoutBlobs(await RegistryTools.CopyToOciLayoutAsync($"{server.Address}/auth/token-retry:1", credentials: $"{User}:{Password}"));
    }

    [Fact]
    public async Task A_token_service_that_keeps_answering_503_ends_in_retries_exhausted_naming_the_registry_and_the_token_service()
    {
        await using TestTokenIssuer issuer = await TestTokenIssuer.StartAsync(User, Password);
        await using DistributionRegistryServer server = await DistributionRegistryServer.StartAsync(new RegistryServerOptions { TokenAuth = issuer.Settings });
        RegistryOptions options = RegistryTestContext.Options() with { Credential = RegistryCredential.FromUsernamePassword(User, Password, "explicit properties") };
        BuiltImage image = await BuildImageAsync();
        issuer.FailNextRequests = int.MaxValue / 2;

        using var destination = new RegistryDestination(server.Address, "auth/token-down", options, _log);
        var error = await Assert.ThrowsAsync<ContainerizeException>(() => destination.PushAsync(image, ["1"], CancellationToken.None));

        Assert.Equal(ErrorCodes.RegistryRetriesExhausted, error.Code);
        Assert.Contains("token service", error.Message, StringComparison.Ordinal);
        Assert.Contains(server.Address, error.Message, StringComparison.Ordinal);
        // Every attempt asked the token service again (parallel blob checks may each have asked too).
        Assert.True(issuer.FailuresAnswered >= RegistryTestContext.FastRetry.MaxAttempts, $"{issuer.FailuresAnswered} token requests");
        Assert.DoesNotContain(Password, error.ToString(), StringComparison.Ordinal);
    }

    private static async Task<BuiltImage> BuildImageAsync()
    {
        var builder = new TestImageBuilder(RepositoryPaths.CreateWorkDirectory("token-retry-image"));
        return builder.Build([await builder.AddLayerAsync("app", 10_000, 7)]);
    }
}
