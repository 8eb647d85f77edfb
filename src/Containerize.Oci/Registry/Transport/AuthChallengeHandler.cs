using System.Net;
using Containerize.Oci.Registry.Auth;

namespace Containerize.Oci.Registry.Transport;

/// <summary>
/// Adds the <c>Authorization</c> a request's scopes need (none while the registry has not challenged), and answers
/// one challenge: a 401 that names a scheme or scope is learned, the cached token dropped, and the request sent once
/// more. A second 401 goes back up, where it becomes CTZ1003.
/// </summary>
internal sealed class AuthChallengeHandler(RegistryAuthenticator authenticator) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        RegistryRequest request = RegistryMessage.GetRequest(message);
        List<string> scopes = [.. request.Scopes];
        message.Headers.Authorization = await authenticator.GetAuthorizationAsync(scopes, cancellationToken).ConfigureAwait(false);
        HttpResponseMessage response = await base.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized || request.ExpectedStatuses.Contains(HttpStatusCode.Unauthorized)
            || AuthenticationChallenge.FromResponse(response) is not { } challenge)
        {
            return response;
        }

        response.Dispose();
        if (challenge.Scope is { } wanted && !scopes.Contains(wanted))
        {
            scopes.Add(wanted);
        }

        authenticator.Learn(challenge);
        authenticator.Invalidate(scopes);
        message.Headers.Authorization = await authenticator.GetAuthorizationAsync(scopes, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(message, cancellationToken).ConfigureAwait(false);
    }
}
