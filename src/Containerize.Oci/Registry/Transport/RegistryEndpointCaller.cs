using System.Net;
using System.Net.Http.Headers;
using Containerize.Oci.Errors;
using Containerize.Oci.Logging;
using Containerize.Oci.Registry.Auth;
using Containerize.Oci.Registry.Credentials;

namespace Containerize.Oci.Registry.Transport;

/// <summary>
/// The one place that talks HTTP to a registry: picks the scheme once (ping), adds authorization (answering
/// challenges), follows redirects for GET and HEAD without leaking <c>Authorization</c> to another host, retries
/// transient failures with the retry policy, watches for stalls, and maps error answers to coded exceptions.
/// </summary>
internal sealed class RegistryEndpointCaller : IDisposable
{
    private const int MaximumRedirects = 5;
    private readonly RegistryEndpoint _endpoint;
    private readonly RegistryOptions _options;
    private readonly IBuildLog _log;
    private readonly HttpClient _httpClient;
    private readonly SemaphoreSlim _pingLock = new(1, 1);
    private Uri? _baseUri;

    public RegistryEndpointCaller(string registry, RegistryOptions options, RegistryAccess access, IBuildLog log)
        : this(new RegistryEndpoint(registry, options), options, access, log)
    {
    }

    public RegistryEndpointCaller(RegistryEndpoint endpoint, RegistryOptions options, RegistryAccess access, IBuildLog log)
    {
        _endpoint = endpoint;
        _options = options;
        _log = log;
        _httpClient = RegistryHttpClientFactory.Create(options, endpoint.Registry, acceptAnyCertificate: endpoint.IsListedInsecure);
        Authenticator = new RegistryAuthenticator(endpoint.Registry, new CredentialResolver(options, access), _httpClient, options.Retry);
    }

    public string Registry => _endpoint.Registry;

    public RegistryOptions Options => _options;

    public RegistryAuthenticator Authenticator { get; }

    public async Task<RegistryResponse> SendAsync(RegistryRequest request, CancellationToken cancellationToken)
    {
        Uri baseUri = await GetBaseUriAsync(request.Repository, cancellationToken).ConfigureAwait(false);
        Uri target = request.Uri.IsAbsoluteUri ? request.Uri : new Uri(baseUri, request.Uri);
        List<string> scopes = [.. request.Scopes];
        bool answeredChallenge = false;
        for (int attempt = 1; ; attempt++)
        {
            var watchdog = new ProgressWatchdog(_options.InactivityTimeout, cancellationToken);
            HttpResponseMessage response;
            Uri finalUri;
            try
            {
                (response, finalUri) = await SendFollowingRedirectsAsync(request, target, scopes, watchdog, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested && IsTransient(exception, watchdog, cancellationToken))
            {
                watchdog.Dispose();
                Exception problem = exception is OperationCanceledException
                    ? new TimeoutException($"No progress for {_options.InactivityTimeout.TotalSeconds:0} s.", exception)
                    : exception;
                if (!request.RetryTransientFailures)
                {
                    throw problem;
                }

                if (attempt >= _options.Retry.MaxAttempts)
                {
                    throw RegistryErrors.RetriesExhausted(Registry, request, attempt, problem.Message, problem);
                }

                // A token service's Retry-After is honoured, but never shortens the backoff this attempt has reached.
                TimeSpan delay = _options.Retry.GetDelay(attempt);
                if (exception is RegistryTransientException { SuggestedDelay: var suggested } && suggested > delay)
                {
                    delay = suggested;
                }

                _log.Detail($"Retrying {request.Method} {target.AbsolutePath} on {Registry} after: {problem.Message}");
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (HttpRequestException exception) when (!cancellationToken.IsCancellationRequested)
            {
                watchdog.Dispose();
                throw RegistryErrors.FromException(Registry, request.Repository, exception);
            }

            var answer = new RegistryResponse(response, finalUri, watchdog, _options.InactivityTimeout);
            HttpStatusCode status = response.StatusCode;
            if (status == HttpStatusCode.Unauthorized && !request.ExpectedStatuses.Contains(status))
            {
                AuthenticationChallenge? challenge = AuthenticationChallenge.FromResponse(response);
                answer.Dispose();
                if (answeredChallenge || challenge is null)
                {
                    throw await Authenticator.CreateUnauthorizedAsync(
                        $"refused access to '{request.Repository}' for {string.Join(' ', scopes)}", cancellationToken).ConfigureAwait(false);
                }

                if (challenge.Scope is { } wanted && !scopes.Contains(wanted))
                {
                    scopes.Add(wanted);
                }

                Authenticator.Learn(challenge);
                Authenticator.Invalidate(scopes);
                answeredChallenge = true;
                attempt--;
                continue;
            }

            if (response.IsSuccessStatusCode || request.ExpectedStatuses.Contains(status))
            {
                return answer;
            }

            string body = await ReadErrorBodyAsync(response, cancellationToken).ConfigureAwait(false);
            answer.Dispose();
            if (RetryPolicy.IsRetriable(status))
            {
                TimeSpan delay = _options.Retry.GetDelay(attempt, response.Headers);
                string problem = $"{(int)status} {status} {body}".Trim();
                if (!request.RetryTransientFailures)
                {
                    throw new RegistryTransientException(status, delay, problem);
                }

                if (attempt < _options.Retry.MaxAttempts)
                {
                    _log.Detail($"Retrying {request.Method} {target.AbsolutePath} on {Registry} in {delay.TotalSeconds:0.#} s after {(int)status}.");
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw RegistryErrors.RetriesExhausted(Registry, request, attempt, problem, null);
            }

            throw RegistryErrors.FromResponse(Registry, request, status, body);
        }
    }

    private async Task<(HttpResponseMessage Response, Uri Uri)> SendFollowingRedirectsAsync(
        RegistryRequest request, Uri target, IReadOnlyList<string> scopes, ProgressWatchdog watchdog, CancellationToken cancellationToken)
    {
        Uri uri = target;
        for (int redirects = 0; ; redirects++)
        {
            using var message = new HttpRequestMessage(request.Method, uri);
            foreach (string mediaType in request.Accept)
            {
                message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
            }

            // Credentials go only to the registry itself, never to a storage host it redirects to.
            if (IsSameAuthority(uri, target))
            {
                message.Headers.Authorization = await Authenticator.GetAuthorizationAsync(scopes, cancellationToken).ConfigureAwait(false);
            }

            message.Content = request.Content?.Invoke(watchdog);
            HttpResponseMessage response = await _httpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, watchdog.Token).ConfigureAwait(false);
            watchdog.Progress();
            bool isRedirect = (int)response.StatusCode is 301 or 302 or 303 or 307 or 308;
            if (!isRedirect || response.Headers.Location is null || (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head))
            {
                return (response, uri);
            }

            if (redirects >= MaximumRedirects)
            {
                response.Dispose();
                throw new ContainerizeException(ErrorCodes.RegistryProtocolError,
                    $"Registry '{Registry}' redirected {request.Method} {target.AbsolutePath} more than {MaximumRedirects} times.",
                    "Check the registry's storage configuration.");
            }

            Uri location = response.Headers.Location;
            uri = location.IsAbsoluteUri ? location : new Uri(uri, location);
            response.Dispose();
        }
    }

    private static bool IsSameAuthority(Uri a, Uri b) =>
        string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port && a.Scheme == b.Scheme;

    /// <summary>A broken connection, a stall, or a retriable answer from the token service (thrown while authorizing).</summary>
    private static bool IsTransient(Exception exception, ProgressWatchdog watchdog, CancellationToken cancellationToken) =>
        RetryPolicy.IsTransient(exception) || exception is RegistryTransientException || (exception is OperationCanceledException && watchdog.TimedOut(cancellationToken));

    private static async Task<string> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return body.Length > 4000 ? body[..4000] : body;
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            return string.Empty;
        }
    }

    private async Task<Uri> GetBaseUriAsync(string repository, CancellationToken cancellationToken)
    {
        if (_baseUri is { } known)
        {
            return known;
        }

        await _pingLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _baseUri ??= await new RegistryPing(_endpoint, _httpClient, _options, _log).RunAsync(repository, Authenticator, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pingLock.Release();
        }
    }

    public void Dispose() => _httpClient.Dispose();
}
