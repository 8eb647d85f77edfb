namespace Containerize.Oci.Registry.Credentials;

/// <summary>What kind of secret a credential holds.</summary>
public enum CredentialKind
{
    /// <summary>A user name and password (or access token used as a password): Basic, or the token request's Basic.</summary>
    UsernamePassword,

    /// <summary>An OAuth2 refresh token (Docker's <c>identitytoken</c>): sent in the token POST form.</summary>
    IdentityToken,

    /// <summary>A ready bearer token given by the caller: sent as is.</summary>
    BearerToken,
}
