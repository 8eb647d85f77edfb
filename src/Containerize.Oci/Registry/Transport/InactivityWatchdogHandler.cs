using Containerize.Oci.Logging;

namespace Containerize.Oci.Registry.Transport;

/// <summary>
/// Gives each send its own <see cref="ProgressWatchdog"/>: the request body (made fresh here for every send, so a
/// retry resends the same bytes) resets it with every write, and the send fails with <see cref="TimeoutException"/>
/// when nothing moves for the inactivity timeout, or for what is left of the operation's time limit when that is
/// shorter. The response body is watched by its own stream once the headers are in.
/// </summary>
internal sealed class InactivityWatchdogHandler(string registry, TimeSpan inactivityTimeout, IBuildLog log) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        RegistryRequest request = RegistryMessage.GetRequest(message);
        TimeSpan first = RegistryMessage.GetRemainingTime(message) is { } remaining && remaining < inactivityTimeout ? remaining : inactivityTimeout;
        using var watchdog = new ProgressWatchdog(inactivityTimeout, first, cancellationToken);
        message.Content = request.Content?.Invoke(watchdog);
        using var answered = new CancellationTokenSource();
        Task waiting = ReportWaitAsync(message, watchdog, answered.Token);
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
        finally
        {
            await answered.CancelAsync().ConfigureAwait(false);
            await waiting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>While nothing moves and no answer has come for a few seconds, says so now and then at normal verbosity.</summary>
    private async Task ReportWaitAsync(HttpRequestMessage message, ProgressWatchdog watchdog, CancellationToken answered)
    {
        TimeSpan next = TransferProgress.QuietPeriod;
        while (!answered.IsCancellationRequested)
        {
            TimeSpan idle = watchdog.SinceProgress;
            if (idle < next)
            {
                await Task.Delay(next - idle, answered).ConfigureAwait(false);
                continue;
            }

            log.Info($"Waiting for registry '{registry}' to answer {message.Method} {message.RequestUri?.AbsolutePath}: nothing for {idle.TotalSeconds:0} s (gives up after {inactivityTimeout.TotalSeconds:0} s).");
            next = idle + TransferProgress.Interval;
        }
    }
}
