using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Containerize.Oci.Errors;
using Containerize.Oci.Registry.Credentials;
using Containerize.Oci.Registry.Transport;

namespace Containerize.Oci.Registry.Auth;

/// <summary>
/// Anonymous until the registry challenges; then Basic, or Bearer tokens fetched per scope and cached until they
/// expire. Credentials are looked up once, on the first challenge, so an anonymous pull never runs a helper.
/// </summary>
internal sealed class RegistryAuthenticator
{
    private readonly string _registry;
    private readonly CredentialResolver _resolver;
    private readonly BearerTokenClient _tokenClient;
    private readonly ConcurrentDictionary<string, BearerToken> _tokens = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    private volatile AuthenticationChallenge? _challenge;
    private CredentialLookup? _credentials;

    public RegistryAuthenticator(string registry, CredentialResolver resolver, HttpClient httpClient, RetryPolicy retry)
    {
        _registry = registry;
        _resolver = resolver;
        _tokenClient = new BearerTokenClient(httpClient, retry);
    }

    private int _tokensFetched;

    /// <summary>How many tokens were fetched from the token service (tests check the cache with it).</summary>
    public int TokensFetched => Volatile.Read(ref _tokensFetched);

    /// <summary>Remembers the registry's challenge (from the ping or a 401).</summary>
    public void Learn(AuthenticationChallenge challenge) => _challenge = challenge;

    /// <summary>Forgets the cached token for these scopes (after the registry refused it).</summary>
    public void Invalidate(IReadOnlyList<string> scopes) => _tokens.TryRemove(Key(scopes), out _);

    /// <summary>The Authorization header for a request needing <paramref name="scopes"/>; null while anonymous.</summary>
    public async Task<AuthenticationHeaderValue?> GetAuthorizationAsync(IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        AuthenticationChallenge? challenge = _challenge;
        if (challenge is null)
        {
            return null;
        }

        CredentialLookup credentials = await GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        if (credentials.Credential is { Kind: CredentialKind.BearerToken } given)
        {
            return new AuthenticationHeaderValue("Bearer", given.RevealSecret());
        }

        if (challenge.IsBasic)
        {
            return credentials.Credential is { Kind: CredentialKind.UsernamePassword } basic
                ? new AuthenticationHeaderValue("Basic", basic.ToBasicParameter())
                : throw Unauthorized(credentials, "asks for a user name and password (Basic) but none was found");
        }

        if (!challenge.IsBearer)
        {
            throw new ContainerizeException(ErrorCodes.RegistryProtocolError,
                $"Registry '{_registry}' asks for '{challenge.Scheme}' authentication, which is not supported.",
                "Use a registry that supports Basic or Bearer token authentication.");
        }

        string key = Key(scopes);
        if (_tokens.TryGetValue(key, out BearerToken? cached) && cached.ExpiresAt > DateTimeOffset.UtcNow)
        {
            return new AuthenticationHeaderValue("Bearer", cached.Value);
        }

        // One fetch at a time, so parallel uploads needing the same scope share one token.
        await _tokenLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_tokens.TryGetValue(key, out BearerToken? token) || token.ExpiresAt <= DateTimeOffset.UtcNow)
            {
                token = await _tokenClient.RequestAsync(challenge, scopes, credentials, _registry, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _tokensFetched);
                _tokens[key] = token;
            }

            return new AuthenticationHeaderValue("Bearer", token.Value);
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    public async Task<ContainerizeException> CreateUnauthorizedAsync(string detail, CancellationToken cancellationToken) =>
        Unauthorized(await GetCredentialsAsync(cancellationToken).ConfigureAwait(false), detail);

    private async Task<CredentialLookup> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        if (_credentials is { } known)
        {
            return known;
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _credentials ??= await _resolver.ResolveAsync(_registry, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    private ContainerizeException Unauthorized(CredentialLookup credentials, string detail)
    {
        string used = credentials.Credential is { } credential ? $"used {credential.Source}" : "found no credential";
        return new ContainerizeException(ErrorCodes.RegistryUnauthorized,
            $"Registry '{_registry}' {detail} (401): {used}. Credential sources tried: {credentials.DescribeSources()}.",
            "Log in (docker login / podman login), or set the environment variables CONTAINERIZE_REGISTRY_USERNAME and CONTAINERIZE_REGISTRY_PASSWORD as CI secrets (not the SDK's DOTNET_CONTAINER_*_UNAME/PWORD: MSBuild writes DOTNET_ variables into binary logs).");
    }

    private static string Key(IReadOnlyList<string> scopes) => string.Join(' ', scopes.Order(StringComparer.Ordinal));
}
