using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Containerize.TestSupport.Registry;

/// <summary>
/// A throw-away CA made in memory, a server certificate it signs for 127.0.0.1 and localhost, and the PEM files a
/// registry and a client need. Nothing is added to any system trust store.
/// </summary>
public sealed class TestCertificateAuthority
{
    private TestCertificateAuthority(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }

    /// <summary>A folder holding only the CA certificate (what <c>skopeo --cert-dir</c> wants).</summary>
    public string CaDirectory => Path.Combine(Directory, "ca");

    /// <summary>The CA certificate (PEM): what a client must trust.</summary>
    public string CaCertificatePath => Path.Combine(CaDirectory, "ca.crt");

    public string ServerCertificatePath => Path.Combine(Directory, "server.crt");

    public string ServerKeyPath => Path.Combine(Directory, "server.key");

    public static TestCertificateAuthority Create()
    {
        var authority = new TestCertificateAuthority(RepositoryPaths.CreateWorkDirectory("test-ca"));
        using RSA caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Containerize Test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        using RSA serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using X509Certificate2 server = serverRequest.Create(ca, now.AddDays(-1), now.AddDays(29), serial);

        System.IO.Directory.CreateDirectory(authority.CaDirectory);
        File.WriteAllText(authority.CaCertificatePath, ca.ExportCertificatePem());
        File.WriteAllText(authority.ServerCertificatePath, server.ExportCertificatePem());
        File.WriteAllText(authority.ServerKeyPath, serverKey.ExportPkcs8PrivateKeyPem());
        return authority;
    }
}
