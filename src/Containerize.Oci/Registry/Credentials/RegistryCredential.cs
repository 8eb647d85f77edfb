namespace Containerize.Oci.Registry.Credentials;

/// <summary>
/// A registry credential and where it came from. The secret is never printed: <see cref="ToString"/> names the source
/// only, so a credential can be logged or put in an exception message by mistake without leaking.
/// </summary>
public sealed class RegistryCredential
{
    private readonly string _secret;

    private RegistryCredential(CredentialKind kind, string? username, string secret, string source)
    {
        Kind = kind;
        Username = username;
        _secret = secret;
        Source = source;
    }

    public CredentialKind Kind { get; }

    public string? Username { get; }

    /// <summary>Where the credential was found, for messages: "explicit properties", "DOCKER_CONFIG (auths)", ….</summary>
    public string Source { get; }

    public static RegistryCredential FromUsernamePassword(string username, string password, string source) =>
        new(CredentialKind.UsernamePassword, username, password, source);

    public static RegistryCredential FromIdentityToken(string identityToken, string source) =>
        new(CredentialKind.IdentityToken, null, identityToken, source);

    public static RegistryCredential FromBearerToken(string token, string source) =>
        new(CredentialKind.BearerToken, null, token, source);

    /// <summary>The secret, for the one place that puts it on the wire.</summary>
    internal string RevealSecret() => _secret;

    internal string ToBasicParameter() =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Username}:{_secret}"));

    public override string ToString() => $"{Kind} credential from {Source} (secret redacted)";
}
