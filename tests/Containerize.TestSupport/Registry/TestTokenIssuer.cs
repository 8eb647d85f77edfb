using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Containerize.TestSupport.Registry;

/// <summary>
/// A small token service for distribution's token authentication: checks a user and password (Basic on GET, or the
/// OAuth2 password / refresh_token POST form) and signs RS256 JWTs granting the requested scopes, with an
/// <c>x5c</c> header whose certificate is in the registry's <c>rootcertbundle</c>.
/// </summary>
public sealed class TestTokenIssuer : IAsyncDisposable
{
    public const string Service = "containerize-test-registry";
    public const string Issuer = "containerize-test-issuer";
    private readonly RSA _key;
    private readonly X509Certificate2 _certificate;
    private readonly string _user;
    private readonly string _password;
    private readonly string? _refreshToken;
    private LoopbackWebServer? _server;
    private int _tokensIssued;
    private int _failNextRequests;
    private int _failuresAnswered;

    private TestTokenIssuer(string user, string password, string? refreshToken, string directory)
    {
        _user = user;
        _password = password;
        _refreshToken = refreshToken;
        _key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Containerize Test Token Signer", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        RootCertificateBundlePath = Path.Combine(directory, "token-signer.crt");
        File.WriteAllText(RootCertificateBundlePath, _certificate.ExportCertificatePem());
    }

    public string RootCertificateBundlePath { get; }

    public Uri Realm => new(_server!.BaseUri, "token");

    /// <summary>How many tokens were handed out (the client's cache keeps this small).</summary>
    public int TokensIssued => Volatile.Read(ref _tokensIssued);

    /// <summary>How many of the next token requests are answered 503 (a token service having a bad moment).</summary>
    public int FailNextRequests
    {
        get => Volatile.Read(ref _failNextRequests);
        set => Volatile.Write(ref _failNextRequests, value);
    }

    /// <summary>How many token requests were answered 503 because of <see cref="FailNextRequests"/>.</summary>
    public int FailuresAnswered => Volatile.Read(ref _failuresAnswered);

    /// <summary>
    /// Repositories this user has no rights on: their scopes are left out of every token, which is still issued, as
    /// real token services do. Set before the registry is used.
    /// </summary>
    public ISet<string> DeniedRepositories { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Token lifetime in seconds, as sent in <c>expires_in</c>.</summary>
    public int ExpiresInSeconds { get; set; } = 300;

    public TokenAuthSettings Settings => new(Realm.ToString(), Service, Issuer, RootCertificateBundlePath);

    public static async Task<TestTokenIssuer> StartAsync(string user, string password, string? refreshToken = null)
    {
        var issuer = new TestTokenIssuer(user, password, refreshToken, RepositoryPaths.CreateWorkDirectory("token-issuer"));
        issuer._server = await LoopbackWebServer.StartAsync(issuer.HandleAsync);
        return issuer;
    }

    private async Task HandleAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        if (Interlocked.Decrement(ref _failNextRequests) >= 0)
        {
            Interlocked.Increment(ref _failuresAnswered);
            context.Response.StatusCode = 503;
            return;
        }

        Interlocked.Increment(ref _failNextRequests);
        bool allowed;
        List<string> scopes;
        bool oauthForm = request.Method == "POST";
        if (oauthForm)
        {
            IFormCollection form = await request.ReadFormAsync();
            scopes = form["scope"].SelectMany(s => (s ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
            allowed = form["grant_type"] == "password"
                ? form["username"] == _user && form["password"] == _password
                : _refreshToken is not null && form["grant_type"] == "refresh_token" && form["refresh_token"] == _refreshToken;
        }
        else
        {
            scopes = request.Query["scope"].Select(s => s ?? string.Empty).ToList();
            string expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_user}:{_password}"));
            string? authorization = request.Headers.Authorization;
            // No credentials: an anonymous token with no access, as real token services do.
            allowed = authorization == expected;
            if (authorization is not null && !allowed)
            {
                context.Response.StatusCode = 401;
                return;
            }
        }

        if (oauthForm && !allowed)
        {
            context.Response.StatusCode = 401;
            return;
        }

        string token = CreateToken(allowed ? scopes : []);
        Interlocked.Increment(ref _tokensIssued);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            [oauthForm ? "access_token" : "token"] = token,
            ["expires_in"] = ExpiresInSeconds,
            // RFC 3339 with "Z": an offset's "+" would be escaped by the serializer, which Go clients (skopeo) cannot parse.
            ["issued_at"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        }));
    }

    private string CreateToken(IEnumerable<string> scopes)
    {
        var access = scopes
            .Select(scope => scope.Split(':'))
            .Where(parts => parts.Length == 3 && !DeniedRepositories.Contains(parts[1]))
            .Select(parts => new Dictionary<string, object> { ["type"] = parts[0], ["name"] = parts[1], ["actions"] = parts[2].Split(',') })
            .ToList();
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new Dictionary<string, object> { ["typ"] = "JWT", ["alg"] = "RS256", ["x5c"] = new[] { Convert.ToBase64String(_certificate.RawData) } };
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Issuer, ["sub"] = _user, ["aud"] = Service, ["exp"] = now + ExpiresInSeconds, ["nbf"] = now - 10, ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString("N"), ["access"] = access,
        };
        string signingInput = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        byte[] signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _certificate.Dispose();
        _key.Dispose();
    }
}
