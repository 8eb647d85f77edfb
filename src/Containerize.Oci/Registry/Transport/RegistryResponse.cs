using System.Net;

namespace Containerize.Oci.Registry.Transport;

/// <summary>An answer from the registry, owning the HTTP response; its body is read with an inactivity timeout.</summary>
internal sealed class RegistryResponse : IDisposable
{
    private readonly TimeSpan _inactivityTimeout;
    private bool _bodyHandedOut;

    public RegistryResponse(HttpResponseMessage message, Uri requestUri, TimeSpan inactivityTimeout)
    {
        Message = message;
        RequestUri = requestUri;
        _inactivityTimeout = inactivityTimeout;
    }

    public HttpResponseMessage Message { get; }

    /// <summary>The absolute URL that was finally requested (after redirects): relative Locations resolve against it.</summary>
    public Uri RequestUri { get; }

    public HttpStatusCode StatusCode => Message.StatusCode;

    public string? GetHeader(string name) =>
        Message.Headers.TryGetValues(name, out IEnumerable<string>? values) ? values.FirstOrDefault()
        : Message.Content.Headers.TryGetValues(name, out values) ? values.FirstOrDefault() : null;

    /// <summary>The <c>Location</c> header made absolute (GHCR and others send relative ones).</summary>
    public Uri? GetLocation() => Message.Headers.Location is { } location
        ? location.IsAbsoluteUri ? location : new Uri(RequestUri, location)
        : null;

    /// <summary>The body as a stream that fails when the connection stalls; disposing it disposes this response.</summary>
    public async Task<Stream> OpenBodyAsync(CancellationToken cancellationToken)
    {
        Stream body = await Message.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        _bodyHandedOut = true;
        return new InactivityTimeoutStream(body, _inactivityTimeout, new Owner(this));
    }

    public void Dispose()
    {
        if (!_bodyHandedOut)
        {
            DisposeCore();
        }
    }

    private void DisposeCore() => Message.Dispose();

    private sealed class Owner(RegistryResponse response) : IDisposable
    {
        public void Dispose() => response.DisposeCore();
    }
}
