using Containerize.Oci.Errors;

namespace Containerize.Oci.Registry.Transport;

/// <summary>
/// Follows redirects of GET and HEAD (blob downloads sent to storage), at most five, carrying <c>Authorization</c>
/// only to the registry's own scheme, host and port: a storage host never sees the registry's credentials.
/// </summary>
internal sealed class RedirectHandler(string registry) : DelegatingHandler
{
    private const int MaximumRedirects = 5;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        Uri origin = message.RequestUri!;
        HttpRequestMessage current = message;
        for (int redirects = 0; ; redirects++)
        {
            HttpResponseMessage response = await base.SendAsync(current, cancellationToken).ConfigureAwait(false);
            bool isRedirect = (int)response.StatusCode is 301 or 302 or 303 or 307 or 308;
            if (!isRedirect || response.Headers.Location is not { } location || (message.Method != HttpMethod.Get && message.Method != HttpMethod.Head))
            {
                return response;
            }

            response.Dispose();
            if (redirects >= MaximumRedirects)
            {
                throw new ContainerizeException(ErrorCodes.RegistryProtocolError,
                    $"Registry '{registry}' redirected {message.Method} {origin.AbsolutePath} more than {MaximumRedirects} times.",
                    "Check the registry's storage configuration.");
            }

            Uri next = location.IsAbsoluteUri ? location : new Uri(current.RequestUri!, location);
            HttpRequestMessage hop = RegistryMessage.CopyTo(current, next);
            if (IsSameAuthority(next, origin))
            {
                hop.Headers.Authorization = message.Headers.Authorization;
            }

            if (!ReferenceEquals(current, message))
            {
                current.Dispose();
            }

            current = hop;
        }
    }

    private static bool IsSameAuthority(Uri a, Uri b) =>
        string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port && a.Scheme == b.Scheme;
}
