using System.Net;
using Containerize.Oci.Errors;
using Containerize.Oci.Logging;
using Containerize.Oci.Registry.Auth;

namespace Containerize.Oci.Registry.Transport;

/// <summary>
/// The first call to a registry (<c>GET /v2/</c>): finds the scheme (HTTPS; plain HTTP only for loopback or listed
/// insecure registries when HTTPS cannot be spoken) and learns the auth challenge, anonymously.
/// </summary>
internal sealed class RegistryPing(RegistryEndpoint endpoint, HttpClient httpClient, RegistryOptions options, IBuildLog log)
{
    public async Task<Uri> RunAsync(string repository, RegistryAuthenticator authenticator, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            Exception? httpsFailure = null;
            try
            {
                return await TryAsync(new Uri($"https://{endpoint.ApiHost}/v2/"), authenticator, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException exception) when (endpoint.MayUsePlainHttp && exception.StatusCode is null && !cancellationToken.IsCancellationRequested)
            {
                // No HTTP answer over HTTPS (an HTTP-only server, or nothing listening): plain HTTP may be spoken.
                httpsFailure = exception;
            }
            catch (Exception exception) when (ShouldRetry(exception, attempt, cancellationToken))
            {
                await DelayAsync(attempt, exception, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (HttpRequestException exception) when (!cancellationToken.IsCancellationRequested)
            {
                if (exception.HttpRequestError == HttpRequestError.SecureConnectionError
                    && await SpeaksPlainHttpAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw RegistryErrors.InsecureRefused(endpoint.Registry, repository, exception);
                }

                throw RegistryErrors.FromException(endpoint.Registry, repository, exception);
            }

            try
            {
                Uri plain = await TryAsync(new Uri($"http://{endpoint.ApiHost}/v2/"), authenticator, cancellationToken).ConfigureAwait(false);
                log.Detail($"Registry '{endpoint.Registry}' does not speak HTTPS; using plain HTTP (allowed for loopback and insecure registries).");
                return plain;
            }
            catch (PlainHttpRefusedException)
            {
                // An HTTPS server: the HTTPS failure is the real problem (usually an untrusted certificate).
                throw RegistryErrors.FromException(endpoint.Registry, repository, httpsFailure!);
            }
            catch (Exception exception) when (ShouldRetry(exception, attempt, cancellationToken))
            {
                await DelayAsync(attempt, exception, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException exception) when (!cancellationToken.IsCancellationRequested)
            {
                throw RegistryErrors.FromException(endpoint.Registry, repository,
                    RetryPolicy.IsTransient(exception) ? exception : httpsFailure!);
            }
        }
    }

    /// <summary>
    /// Whether the host answers plain HTTP at <c>/v2/</c>, to explain a failed handshake; nothing secret is sent and
    /// the answer is never used for anything else.
    /// </summary>
    private async Task<bool> SpeaksPlainHttpAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            using HttpResponseMessage response = await httpClient.GetAsync(
                new Uri($"http://{endpoint.ApiHost}/v2/"), HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            return response.StatusCode != HttpStatusCode.BadRequest;
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task<Uri> TryAsync(Uri pingUri, RegistryAuthenticator authenticator, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.InactivityTimeout);
        HttpResponseMessage response;
        try
        {
            response = await httpClient.GetAsync(pingUri, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, $"No answer from {pingUri} in {options.InactivityTimeout.TotalSeconds:0} s.", exception);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.BadRequest && pingUri.Scheme == Uri.UriSchemeHttp)
            {
                throw new PlainHttpRefusedException();
            }

            if (response.StatusCode == HttpStatusCode.Unauthorized && AuthenticationChallenge.FromResponse(response) is { } challenge)
            {
                authenticator.Learn(challenge);
            }
            else if (RetryPolicy.IsRetriable(response.StatusCode))
            {
                throw new HttpRequestException($"{pingUri} answered {(int)response.StatusCode}.", null, response.StatusCode);
            }
            else if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.Unauthorized)
            {
                throw new ContainerizeException(ErrorCodes.RegistryProtocolError,
                    $"'{endpoint.Registry}' answered {(int)response.StatusCode} to {pingUri}: it does not look like an OCI registry.",
                    "Check the registry address and port (ContainerRegistry).");
            }

            return new Uri(pingUri.GetLeftPart(UriPartial.Authority));
        }
    }

    private bool ShouldRetry(Exception exception, int attempt, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && RetryPolicy.IsTransient(exception) && attempt < options.Retry.MaxAttempts;

    private async Task DelayAsync(int attempt, Exception exception, CancellationToken cancellationToken)
    {
        log.Detail($"Registry '{endpoint.Registry}' did not answer ({exception.Message}); trying again.");
        await Task.Delay(options.Retry.GetDelay(attempt), cancellationToken).ConfigureAwait(false);
    }

    private sealed class PlainHttpRefusedException : Exception;
}
