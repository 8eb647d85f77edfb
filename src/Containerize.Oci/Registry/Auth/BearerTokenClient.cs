using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Containerize.Oci.Errors;
using Containerize.Oci.Registry.Credentials;
using Containerize.Oci.Registry.Transport;

namespace Containerize.Oci.Registry.Auth;

/// <summary>A token from the registry's token service and when to stop using it.</summary>
internal sealed record BearerToken(string Value, DateTimeOffset ExpiresAt);

/// <summary>
/// Asks a token service for a bearer token (distribution's token protocol): GET with Basic credentials when there
/// are any, or the OAuth2 POST form for an identity (refresh) token or when the service refuses the GET.
/// </summary>
internal sealed class BearerTokenClient
{
    private static readonly TimeSpan s_defaultLifetime = TimeSpan.FromSeconds(60);
    private readonly HttpClient _httpClient;
    private readonly RetryPolicy _retry;

    public BearerTokenClient(HttpClient httpClient, RetryPolicy retry)
    {
        _httpClient = httpClient;
        _retry = retry;
    }

    public async Task<BearerToken> RequestAsync(
        AuthenticationChallenge challenge, IReadOnlyList<string> scopes, CredentialLookup credentials, string registry, CancellationToken cancellationToken)
    {
        if (challenge.Realm is not { } realm || !Uri.TryCreate(realm, UriKind.Absolute, out Uri? realmUri))
        {
            throw new ContainerizeException(ErrorCodes.RegistryProtocolError,
                $"Registry '{registry}' asked for a bearer token without a usable realm ('{challenge.Realm}').",
                "Check the registry address; a proxy in between may be rewriting the WWW-Authenticate header.");
        }

        RegistryCredential? credential = credentials.Credential;
        using HttpResponseMessage response = credential?.Kind == CredentialKind.IdentityToken
            ? await PostAsync(realmUri, challenge, scopes, credential, cancellationToken).ConfigureAwait(false)
            : await GetAsync(realmUri, challenge, scopes, credential, cancellationToken).ConfigureAwait(false);

        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new ContainerizeException(ErrorCodes.RegistryUnauthorized,
                $"The token service of registry '{registry}' ({realmUri.GetLeftPart(UriPartial.Path)}) refused the credentials for '{string.Join(' ', scopes)}' ({(int)response.StatusCode}). Credential sources tried: {credentials.DescribeSources()}.",
                "Log in again (docker login / podman login), or set the environment variables CONTAINERIZE_REGISTRY_USERNAME and CONTAINERIZE_REGISTRY_PASSWORD as CI secrets (not the SDK's DOTNET_CONTAINER_*_UNAME/PWORD: MSBuild writes DOTNET_ variables into binary logs).");
        }

        if (RetryPolicy.IsRetriable(response.StatusCode))
        {
            // Not retried here: the registry request that needed the token is retried as a whole by
            // RegistryEndpointCaller, with the same policy and attempt count as any other transient failure.
            throw new RegistryTransientException(response.StatusCode, _retry.GetDelay(1, response.Headers),
                $"the token service of registry '{registry}' ({realmUri.GetLeftPart(UriPartial.Path)}) answered {(int)response.StatusCode}");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new ContainerizeException(ErrorCodes.RegistryProtocolError,
                $"The token service of registry '{registry}' ({realmUri.GetLeftPart(UriPartial.Path)}) answered {(int)response.StatusCode}.",
                "Try again later; if it persists, check the registry's token service.");
        }

        await using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using JsonDocument document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        JsonElement root = document.RootElement;
        string? token = (root.TryGetProperty("token", out JsonElement t) ? t.GetString() : null)
            ?? (root.TryGetProperty("access_token", out JsonElement a) ? a.GetString() : null);
        if (string.IsNullOrEmpty(token))
        {
            throw new ContainerizeException(ErrorCodes.RegistryProtocolError,
                $"The token service of registry '{registry}' answered without a token.", "Check the registry's token service.");
        }

        TimeSpan lifetime = root.TryGetProperty("expires_in", out JsonElement expires) && expires.TryGetInt32(out int seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : s_defaultLifetime;
        // Stop using a token a little before it expires so a request never arrives with a just-expired one.
        return new BearerToken(token, DateTimeOffset.UtcNow + lifetime - TimeSpan.FromSeconds(Math.Min(10, lifetime.TotalSeconds / 4)));
    }

    private async Task<HttpResponseMessage> GetAsync(
        Uri realm, AuthenticationChallenge challenge, IReadOnlyList<string> scopes, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        if (challenge.Service is { } service)
        {
            query.Add($"service={Uri.EscapeDataString(service)}");
        }

        query.AddRange(scopes.Select(scope => $"scope={Uri.EscapeDataString(scope)}"));
        var builder = new UriBuilder(realm);
        string existing = builder.Query.TrimStart('?');
        builder.Query = string.Join('&', new[] { existing }.Where(q => q.Length > 0).Concat(query));
        using var request = new HttpRequestMessage(HttpMethod.Get, builder.Uri);
        if (credential?.Kind == CredentialKind.UsernamePassword)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credential.ToBasicParameter());
        }

        HttpResponseMessage response = await _httpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed && credential is not null)
        {
            // Some token services only speak the OAuth2 form.
            response.Dispose();
            return await PostAsync(realm, challenge, scopes, credential, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    private async Task<HttpResponseMessage> PostAsync(
        Uri realm, AuthenticationChallenge challenge, IReadOnlyList<string> scopes, RegistryCredential credential, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("client_id", "containerize"),
            new("scope", string.Join(' ', scopes)),
        };
        if (challenge.Service is { } service)
        {
            form.Add(new("service", service));
        }

        if (credential.Kind == CredentialKind.IdentityToken)
        {
            form.Add(new("grant_type", "refresh_token"));
            form.Add(new("refresh_token", credential.RevealSecret()));
        }
        else
        {
            form.Add(new("grant_type", "password"));
            form.Add(new("username", credential.Username ?? string.Empty));
            form.Add(new("password", credential.RevealSecret()));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, realm) { Content = new FormUrlEncodedContent(form) };
        return await _httpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
