using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Containerize.Oci.Errors;

namespace Containerize.Oci.Registry.Transport;

/// <summary>
/// Makes the socket handler a registry client's pipeline and ping share: system proxy (the default), no cookies (Harbor
/// rejects echoed CSRF cookies), no automatic redirects (we follow them ourselves so <c>Authorization</c> never
/// reaches another host), no whole-request timeout (inactivity is watched per read and write instead), certificate
/// checks on, plus an optional extra trusted CA.
/// </summary>
internal static class RegistryHttpClientFactory
{
    public static SocketsHttpHandler CreateHandler(RegistryOptions options, string registry, bool acceptAnyCertificate)
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            UseProxy = true,
            Proxy = options.Proxy,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(30),
            MaxConnectionsPerServer = Math.Max(options.MaxParallelUploads * 2, 8),
        };

        if (acceptAnyCertificate)
        {
            // Only for registries the user listed as insecure.
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true };
        }
        else if (options.TrustedCertificateAuthorityFile is { } caFile)
        {
            X509Certificate2Collection authorities = LoadAuthorities(caFile, registry);
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => Validate(certificate, errors, authorities),
            };
        }

        return handler;
    }

    private static X509Certificate2Collection LoadAuthorities(string path, string registry)
    {
        try
        {
            var collection = new X509Certificate2Collection();
            collection.ImportFromPemFile(path);
            return collection;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new ContainerizeException(ErrorCodes.RegistryTlsFailure,
                $"The trusted CA file '{path}' for registry '{registry}' could not be read as PEM certificates.",
                "Point it at a readable PEM file holding one or more CA certificates.", exception);
        }
    }

    private static bool Validate(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection authorities)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        // The system does not trust the chain: check it again against the user's CA alone.
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
