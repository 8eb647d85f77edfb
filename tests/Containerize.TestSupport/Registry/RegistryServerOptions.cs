namespace Containerize.TestSupport.Registry;

/// <summary>How to start a test registry: plain, with htpasswd Basic auth, with token auth, with TLS.</summary>
public sealed record RegistryServerOptions
{
    /// <summary>A user for htpasswd Basic auth (bcrypt, made with <c>htpasswd -Bbn</c>).</summary>
    public (string User, string Password)? BasicUser { get; init; }

    public TokenAuthSettings? TokenAuth { get; init; }

    /// <summary>PEM certificate and key: the registry serves HTTPS only.</summary>
    public (string CertificatePath, string KeyPath)? Tls { get; init; }

    /// <summary>Log every request the registry serves into <see cref="DistributionRegistryServer.Output"/>, to count what clients did.</summary>
    public bool AccessLog { get; init; }
}
