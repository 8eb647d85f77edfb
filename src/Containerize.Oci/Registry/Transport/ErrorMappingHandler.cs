using System.Net;
using Containerize.Oci.Registry.Auth;

namespace Containerize.Oci.Registry.Transport;

/// <summary>
/// The outermost handler: an answer the step does not expect becomes a coded exception that names the registry,
/// the repository and a fix (a 401 names the credential sources tried); a connection that could not be made at all
/// (TLS, refused after retries) becomes CTZ1001 or CTZ1002. Transient failures that the retry handler passed on
/// untouched (uploads restart themselves) are left as they are.
/// </summary>
internal sealed class ErrorMappingHandler(string registry, RegistryAuthenticator authenticator) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        RegistryRequest request = RegistryMessage.GetRequest(message);
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception) when (!cancellationToken.IsCancellationRequested && !RegistryFaults.IsTransient(exception))
        {
            throw RegistryErrors.FromException(registry, request.Repository, exception);
        }

        HttpStatusCode status = response.StatusCode;
        if (response.IsSuccessStatusCode || request.ExpectedStatuses.Contains(status))
        {
            return response;
        }

        string body = await RegistryFaults.ReadErrorBodyAsync(response, cancellationToken).ConfigureAwait(false);
        response.Dispose();
        if (status == HttpStatusCode.Unauthorized)
        {
            throw await authenticator.CreateUnauthorizedAsync(
                $"refused access to '{request.Repository}' for {string.Join(' ', request.Scopes)}", cancellationToken).ConfigureAwait(false);
        }

        throw RegistryErrors.FromResponse(registry, request, status, body);
    }
}
