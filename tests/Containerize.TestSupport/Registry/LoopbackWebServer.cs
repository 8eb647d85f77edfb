using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Containerize.TestSupport.Registry;

/// <summary>A Kestrel server on a free loopback port running one request handler: the base of the test servers here.</summary>
public sealed class LoopbackWebServer : IAsyncDisposable
{
    private readonly WebApplication _application;

    private LoopbackWebServer(WebApplication application, Uri baseUri)
    {
        _application = application;
        BaseUri = baseUri;
    }

    /// <summary><c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary><c>127.0.0.1:PORT</c>.</summary>
    public string Address => BaseUri.Authority;

    public static async Task<LoopbackWebServer> StartAsync(RequestDelegate handler)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0);
            options.Limits.MaxRequestBodySize = null;
            options.Limits.MinRequestBodyDataRate = null;
            options.Limits.MinResponseDataRate = null;
        });
        WebApplication application = builder.Build();
        application.Run(handler);
        await application.StartAsync();
        string address = application.Services.GetRequiredServiceFeature().Addresses.First();
        return new LoopbackWebServer(application, new Uri(address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal) + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _application.StopAsync();
        await _application.DisposeAsync();
    }
}

internal static class ServiceProviderExtensions
{
    public static IServerAddressesFeature GetRequiredServiceFeature(this IServiceProvider services) =>
        ((IServer)services.GetService(typeof(IServer))!).Features.Get<IServerAddressesFeature>()!;
}
