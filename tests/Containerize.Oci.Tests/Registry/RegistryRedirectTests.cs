using System.Collections.Concurrent;
using Containerize.Oci.Digests;
using Containerize.Oci.Model;
using Containerize.Oci.Registry;
using Containerize.Oci.Registry.Credentials;
using Containerize.Oci.Storage;
using Containerize.TestSupport;
using Containerize.TestSupport.Registry;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace Containerize.Oci.Tests.Registry;

/// <summary>Blob downloads redirected to storage on another host: Authorization stays behind, cookies are never sent back.</summary>
public sealed class RegistryRedirectTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RedirectToAnotherHostCarriesNoAuthorizationAndNoCookies()
    {
        byte[] blob = "layer bytes from storage"u8.ToArray();
        Digest digest = Digest.ComputeSha256(blob);
        var storageSawAuthorization = new ConcurrentBag<bool>();
        var registrySawCookie = new ConcurrentBag<bool>();
        await using LoopbackWebServer storage = await LoopbackWebServer.StartAsync(async context =>
        {
            storageSawAuthorization.Add(context.Request.Headers.Authorization.Count > 0);
            await context.Response.Body.WriteAsync(blob);
        });
        await using LoopbackWebServer registry = await LoopbackWebServer.StartAsync(context =>
        {
            registrySawCookie.Add(context.Request.Headers.Cookie.Count > 0);
            context.Response.Headers.SetCookie = "session=abc; Path=/";
            if (context.Request.Headers.Authorization.Count == 0)
            {
                context.Response.StatusCode = 401;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"test\"";
            }
            else if (context.Request.Path.Value!.Contains("/blobs/", StringComparison.Ordinal))
            {
                context.Response.StatusCode = 307;
                context.Response.Headers.Location = $"http://localhost:{storage.BaseUri.Port}/storage/blob";
            }

            return Task.CompletedTask;
        });

        RegistryOptions options = RegistryTestContext.Options() with { Credential = RegistryCredential.FromUsernamePassword("u", "p", "explicit properties") };
        using var client = new RegistryClient(registry.Address, options, RegistryAccess.Pull, new TestOutputLog(output));
        var store = new LocalBlobStore(RepositoryPaths.CreateWorkDirectory("redirect"));
        string path = await client.BlobPuller.DownloadAsync("team/app", new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = digest, Size = blob.Length }, store, CancellationToken.None);

        Assert.Equal(blob, await File.ReadAllBytesAsync(path));
        Assert.Equal([false], storageSawAuthorization);
        Assert.True(registrySawCookie.Count >= 2);
        Assert.DoesNotContain(true, registrySawCookie);
    }
}
