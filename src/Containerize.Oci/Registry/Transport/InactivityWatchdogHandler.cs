namespace Containerize.Oci.Registry.Transport;

/// <summary>
/// Gives each send its own <see cref="ProgressWatchdog"/>: the request body (made fresh here for every send, so a
/// retry resends the same bytes) resets it with every write, and the send fails with <see cref="TimeoutException"/>
/// when nothing moves for the inactivity timeout, or for what is left of the operation's time limit when that is
/// shorter. The response body is watched by its own stream once the headers are in.
/// </summary>
internal sealed class InactivityWatchdogHandler(TimeSpan inactivityTimeout) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        RegistryRequest request = RegistryMessage.GetRequest(message);
        TimeSpan first = RegistryMessage.GetRemainingTime(message) is { } remaining && remaining < inactivityTimeout ? remaining : inactivityTimeout;
        using var watchdog = new ProgressWatchdog(inactivityTimeout, first, cancellationToken);
        message.Content = request.Content?.Invoke(watchdog);
        try
        {
            HttpResponseMessage response = await base.SendAsync(message, watchdog.Token).ConfigureAwait(false);
            watchdog.Progress();
            return response;
        }
        catch (OperationCanceledException exception) when (watchdog.TimedOut(cancellationToken))
        {
            throw new TimeoutException($"No answer and no progress for {first.TotalSeconds:0} s.", exception);
        }
    }
}
