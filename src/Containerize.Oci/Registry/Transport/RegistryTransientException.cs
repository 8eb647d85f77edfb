using System.Net;

namespace Containerize.Oci.Registry.Transport;

/// <summary>
/// A retriable answer (408, 429, 5xx) to a request the caller must not repeat by itself (an upload PATCH or PUT):
/// the uploader catches it and starts a new upload session.
/// </summary>
internal sealed class RegistryTransientException : Exception
{
    public RegistryTransientException(HttpStatusCode status, TimeSpan suggestedDelay, string message)
        : base(message)
    {
        Status = status;
        SuggestedDelay = suggestedDelay;
    }

    public HttpStatusCode Status { get; }

    public TimeSpan SuggestedDelay { get; }
}
