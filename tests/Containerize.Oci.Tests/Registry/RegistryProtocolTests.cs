using System.Net;
using System.Net.Http.Headers;
using Containerize.Oci.Digests;
using Containerize.Oci.Errors;
using Containerize.Oci.Model;
using Containerize.Oci.Registry;
using Containerize.Oci.Registry.Auth;
using Containerize.Oci.Registry.Steps;
using Containerize.Oci.Registry.Transport;

namespace Containerize.Oci.Tests.Registry;

/// <summary>The small pure parts of the client: challenges, retry delays, endpoints, references, media types, verification.</summary>
public sealed class RegistryProtocolTests
{
    [Fact]
    public void BearerChallengeKeepsCommasInsideQuotedScopes()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Add(new AuthenticationHeaderValue("Basic", "realm=\"x\""));
        response.Headers.WwwAuthenticate.Add(new AuthenticationHeaderValue("Bearer",
            "realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:team/api:pull,push\""));
        AuthenticationChallenge challenge = AuthenticationChallenge.FromResponse(response)!;
        Assert.True(challenge.IsBearer);
        Assert.Equal("https://auth.example/token", challenge.Realm);
        Assert.Equal("registry.example", challenge.Service);
        Assert.Equal("repository:team/api:pull,push", challenge.Scope);
    }

    [Fact]
    public void ChallengeWithoutServiceOrQuotesIsRead()
    {
        var parameters = AuthenticationChallenge.ParseParameters("realm=https://auth.example/token, scope=\"a:b:pull\"");
        Assert.Equal("https://auth.example/token", parameters["realm"]);
        Assert.False(parameters.ContainsKey("service"));
        Assert.Equal("a:b:pull", parameters["scope"]);
    }

    [Fact]
    public void RetryAfterIsHonouredAndCappedAndBackoffStaysBounded()
    {
        var policy = new RetryPolicy { InitialDelay = TimeSpan.FromSeconds(1), MaximumDelay = TimeSpan.FromSeconds(8), MaximumRetryAfter = TimeSpan.FromSeconds(30) };
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
        Assert.Equal(TimeSpan.FromSeconds(7), policy.GetDelay(1, response.Headers));
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromHours(1));
        Assert.Equal(TimeSpan.FromSeconds(30), policy.GetDelay(1, response.Headers));
        response.Headers.RetryAfter = new RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddHours(-1));
        Assert.Equal(TimeSpan.Zero, policy.GetDelay(1, response.Headers));
        for (int attempt = 1; attempt < 10; attempt++)
        {
            TimeSpan delay = policy.GetDelay(attempt);
            double ceiling = Math.Min(8, Math.Pow(2, attempt - 1));
            Assert.InRange(delay.TotalSeconds, ceiling / 2, ceiling);
        }

        Assert.True(RetryPolicy.IsRetriable(HttpStatusCode.RequestTimeout));
        Assert.True(RetryPolicy.IsRetriable(HttpStatusCode.BadGateway));
        Assert.False(RetryPolicy.IsRetriable(HttpStatusCode.NotFound));
        Assert.True(RetryPolicy.IsTransient(new IOException("reset")));
        Assert.False(RetryPolicy.IsTransient(new HttpRequestException(HttpRequestError.SecureConnectionError, "tls")));
    }

    [Theory]
    [InlineData("localhost:5000", true, false)]
    [InlineData("127.0.0.1:5000", true, false)]
    [InlineData("[::1]:5000", true, false)]
    [InlineData("registry.example", false, false)]
    [InlineData("insecure.example:5000", true, true)]
    [InlineData("listed.example", true, true)]
    public void PlainHttpOnlyForLoopbackAndListedRegistries(string registry, bool mayUsePlainHttp, bool listed)
    {
        RegistryOptions options = RegistryTestContext.Options(new Dictionary<string, string> { ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = " insecure.example:5000 ,other" })
            with { InsecureRegistries = ["listed.example"] };
        var endpoint = new RegistryEndpoint(registry, options);
        Assert.Equal(mayUsePlainHttp, endpoint.MayUsePlainHttp);
        Assert.Equal(listed, endpoint.IsListedInsecure);
    }

    [Fact]
    public void ManifestMediaTypeIsSniffedWhenMissing()
    {
        Assert.Equal(MediaTypes.OciManifest, ManifestPuller.DetectMediaType("{\"schemaVersion\":2,\"config\":{},\"layers\":[]}"u8.ToArray(), "application/json"));
        Assert.Equal(MediaTypes.OciIndex, ManifestPuller.DetectMediaType("{\"schemaVersion\":2,\"manifests\":[]}"u8.ToArray(), null));
        Assert.Equal(MediaTypes.DockerManifest, ManifestPuller.DetectMediaType("{\"config\":{},\"layers\":[]}"u8.ToArray(), MediaTypes.DockerManifest));
        Assert.Null(ManifestPuller.DetectMediaType("{\"schemaVersion\":1}"u8.ToArray(), "application/json"));
    }

    [Fact]
    public void RegistryErrorBodyCodesAreQuotedInTheMessage()
    {
        var request = new RegistryRequest
        {
            Method = HttpMethod.Put, Uri = new Uri("/v2/a/manifests/1", UriKind.Relative), Operation = RegistryOperation.PushManifest,
            Repository = "a", Scopes = [],
        };
        ContainerizeException error = RegistryErrors.FromResponse("r.example", request, HttpStatusCode.BadRequest,
            "{\"errors\":[{\"code\":\"MANIFEST_INVALID\",\"message\":\"manifest invalid\",\"detail\":{}}]}");
        Assert.Equal(ErrorCodes.RegistryManifestRejected, error.Code);
        Assert.Contains("MANIFEST_INVALID: manifest invalid", error.Message);
        Assert.Contains("r.example/a", error.Message);

        ContainerizeException denied = RegistryErrors.FromResponse("r.example", request with { Operation = RegistryOperation.UploadBlob },
            HttpStatusCode.Forbidden, "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the resource is denied\"}]}");
        Assert.Equal(ErrorCodes.RegistryForbidden, denied.Code);
    }
}
