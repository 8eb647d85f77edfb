using Containerize.Oci.Building;
using Containerize.Oci.Destinations;
using Containerize.Oci.Errors;
using Containerize.Oci.Registry;
using Containerize.TestSupport;
using Containerize.TestSupport.Registry;
using Xunit.Abstractions;

namespace Containerize.Oci.Tests.Registry;

/// <summary>HTTPS with a certificate from a test CA: refused without the CA, accepted with it.</summary>
public sealed class RegistryTlsTests(ITestOutputHelper output)
{
    private readonly TestOutputLog _log = new(output);

    [Fact]
    public async Task HttpsRegistryIsRefusedWithoutTheCaAndAcceptedWithIt()
    {
        TestCertificateAuthority authority = TestCertificateAuthority.Create();
        await using DistributionRegistryServer server = await DistributionRegistryServer.StartAsync(
            new RegistryServerOptions { Tls = (authority.ServerCertificatePath, authority.ServerKeyPath) });
        var builder = new TestImageBuilder(RepositoryPaths.CreateWorkDirectory("tls"));
        BuiltImage image = builder.Build([await builder.AddLayerAsync("app", 10_000, 7)]);

        using (var untrusted = new RegistryDestination(server.Address, "tls/app", RegistryTestContext.Options(), _log))
        {
            var error = await Assert.ThrowsAsync<ContainerizeException>(() => untrusted.PushAsync(image, ["1"], CancellationToken.None));
            output.WriteLine(error.ToString());
            Assert.Equal(ErrorCodes.RegistryTlsFailure, error.Code);
            Assert.Contains(server.Address, error.Message);
        }

        using (var trusted = new RegistryDestination(server.Address, "tls/app",
            RegistryTestContext.Options() with { TrustedCertificateAuthorityFile = authority.CaCertificatePath }, _log))
        {
            await trusted.PushAsync(image, ["1"], CancellationToken.None);
        }

        string layout = await RegistryTools.CopyToOciLayoutAsync($"{server.Address}/tls/app:1", caCertificateDirectory: authority.CaDirectory);
        Assert.Equal(image.Manifest.Digest.ToString(), RegistryTools.ReadLayoutManifestDigest(layout));

        // Listed as insecure (as the SDK's environment variable does), the untrusted certificate is accepted.
        var environment = new Dictionary<string, string> { ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = $"other:5000,{server.Address}" };
        using var insecure = new RegistryDestination(server.Address, "tls/app", RegistryTestContext.Options(environment), _log);
        RegistryPushResult result = await insecure.PushAsync(image, ["2"], CancellationToken.None);
        Assert.All(result.Blobs, blob => Assert.Equal(BlobPushAction.Existed, blob.Action));
    }
}
