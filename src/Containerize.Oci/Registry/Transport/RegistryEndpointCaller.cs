using System.Net.Http.Headers;
using Containerize.Oci.Logging;
using Containerize.Oci.Registry.Auth;
using Containerize.Oci.Registry.Credentials;

namespace Containerize.Oci.Registry.Transport;

/// <summary>
/// The one place that talks HTTP to a registry. It picks the scheme once (ping) and sends every step's request
/// through a pipeline of handlers, each with one job, outermost first:
/// <see cref="ErrorMappingHandler"/> (answers and failures to coded exceptions), <see cref="RetryHandler"/>
/// (backoff, attempts and the operation's time limit), <see cref="AuthChallengeHandler"/> (Authorization and one
/// answered challenge), <see cref="RedirectHandler"/> (GET/HEAD redirects, credentials kept to the registry),
/// <see cref="InactivityWatchdogHandler"/> (a fresh body per send, stalls end it), then the socket handler.
/// </summary>
internal sealed class RegistryEndpointCaller : IDisposable
{
    private readonly RegistryEndpoint _endpoint;
    private readonly RegistryOptions _options;
    private readonly IBuildLog _log;
    private readonly HttpClient _httpClient;
    private readonly HttpMessageInvoker _pipeline;
    private readonly SemaphoreSlim _pingLock = new(1, 1);

    public RegistryEndpointCaller(string registry, RegistryOptions options, RegistryAccess access, IBuildLog log)
        : this(new RegistryEndpoint(registry, options), options, access, log)
    {
    }

    public RegistryEndpointCaller(RegistryEndpoint endpoint, RegistryOptions options, RegistryAccess access, IBuildLog log)
    {
        _endpoint = endpoint;
        _options = options;
        _log = log;
        HttpMessageHandler sockets = RegistryHttpClientFactory.CreateHandler(options, endpoint.Registry, acceptAnyCertificate: endpoint.IsListedInsecure);
        // The ping and the token service use the sockets directly; registry calls go through the pipeline. One pool for both.
        _httpClient = new HttpClient(sockets, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        Authenticator = new RegistryAuthenticator(endpoint.Registry, new CredentialResolver(options, access), _httpClient, options.Retry);
        _pipeline = new HttpMessageInvoker(
            new ErrorMappingHandler(endpoint.Registry, Authenticator)
            {
                InnerHandler = new RetryHandler(endpoint.Registry, options, log)
                {
                    InnerHandler = new AuthChallengeHandler(Authenticator)
                    {
                        InnerHandler = new RedirectHandler(endpoint.Registry)
                        {
                            InnerHandler = new InactivityWatchdogHandler(endpoint.Registry, options.InactivityTimeout, log) { InnerHandler = sockets },
                        },
                    },
                },
            },
            disposeHandler: true);
    }

    public string Registry => _endpoint.Registry;

    public RegistryOptions Options => _options;

    public RegistryAuthenticator Authenticator { get; }

    /// <summary>What this registry has shown it can and cannot do.</summary>
    public RegistryCapabilities Capabilities { get; } = new();

    public async Task<RegistryResponse> SendAsync(RegistryRequest request, CancellationToken cancellationToken)
    {
        Uri baseUri = await GetBaseUriAsync(request.Repository, cancellationToken).ConfigureAwait(false);
        using var message = new HttpRequestMessage(request.Method, request.Uri.IsAbsoluteUri ? request.Uri : new Uri(baseUri, request.Uri));
        foreach (string mediaType in request.Accept)
        {
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
        }

        RegistryMessage.SetRequest(message, request);
        HttpResponseMessage response = await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return new RegistryResponse(response, response.RequestMessage?.RequestUri ?? message.RequestUri!, _options.InactivityTimeout);
    }

    private async Task<Uri> GetBaseUriAsync(string repository, CancellationToken cancellationToken)
    {
        if (Capabilities.BaseUri is { } known)
        {
            return known;
        }

        await _pingLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Capabilities.BaseUri ??= await new RegistryPing(_endpoint, _httpClient, _options, _log).RunAsync(repository, Authenticator, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pingLock.Release();
        }
    }

    public void Dispose()
    {
        _pipeline.Dispose();
        _httpClient.Dispose();
    }
}
