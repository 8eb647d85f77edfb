namespace Containerize.Oci.Registry.Transport;

/// <summary>What the handlers of the registry pipeline read from a request message: the step's <see cref="RegistryRequest"/>.</summary>
internal static class RegistryMessage
{
    private static readonly HttpRequestOptionsKey<RegistryRequest> s_request = new("Containerize.RegistryRequest");
    private static readonly HttpRequestOptionsKey<TimeSpan> s_budget = new("Containerize.RemainingTime");

    public static void SetRequest(HttpRequestMessage message, RegistryRequest request) => message.Options.Set(s_request, request);

    public static RegistryRequest GetRequest(HttpRequestMessage message) =>
        message.Options.TryGetValue(s_request, out RegistryRequest? request) ? request : throw new InvalidOperationException("A registry message without its request.");

    /// <summary>How long the operation may still wait for an answer (set by the retry handler for the watchdog).</summary>
    public static void SetRemainingTime(HttpRequestMessage message, TimeSpan remaining) => message.Options.Set(s_budget, remaining);

    public static TimeSpan? GetRemainingTime(HttpRequestMessage message) => message.Options.TryGetValue(s_budget, out TimeSpan remaining) ? remaining : null;

    /// <summary>A copy for a redirect hop: same method, accept headers and options, a new address.</summary>
    public static HttpRequestMessage CopyTo(HttpRequestMessage message, Uri uri)
    {
        var copy = new HttpRequestMessage(message.Method, uri);
        foreach (var accept in message.Headers.Accept)
        {
            copy.Headers.Accept.Add(accept);
        }

        SetRequest(copy, GetRequest(message));
        if (GetRemainingTime(message) is { } remaining)
        {
            SetRemainingTime(copy, remaining);
        }

        return copy;
    }
}
