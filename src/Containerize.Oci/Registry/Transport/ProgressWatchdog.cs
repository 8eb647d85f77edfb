namespace Containerize.Oci.Registry.Transport;

/// <summary>
/// A cancellation that fires when nothing has moved for a while: every read or write resets it, so a large blob on a
/// slow link never times out while bytes flow, and a stalled connection does not hang the build.
/// </summary>
internal sealed class ProgressWatchdog : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly TimeSpan _inactivityTimeout;
    private readonly System.Diagnostics.Stopwatch _sinceProgress = System.Diagnostics.Stopwatch.StartNew();

    public ProgressWatchdog(TimeSpan inactivityTimeout, CancellationToken cancellationToken)
        : this(inactivityTimeout, inactivityTimeout, cancellationToken)
    {
    }

    /// <param name="firstTimeout">How long to wait for the first progress (less than the inactivity timeout when the operation's time is running out).</param>
    public ProgressWatchdog(TimeSpan inactivityTimeout, TimeSpan firstTimeout, CancellationToken cancellationToken)
    {
        _inactivityTimeout = inactivityTimeout;
        _source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _source.CancelAfter(firstTimeout);
    }

    public CancellationToken Token => _source.Token;

    /// <summary>True when the watchdog fired (and not the caller's own cancellation).</summary>
    public bool TimedOut(CancellationToken callerToken) => _source.IsCancellationRequested && !callerToken.IsCancellationRequested;

    /// <summary>How long nothing has moved.</summary>
    public TimeSpan SinceProgress => _sinceProgress.Elapsed;

    public void Progress()
    {
        _sinceProgress.Restart();
        try
        {
            _source.CancelAfter(_inactivityTimeout);
        }
        catch (ObjectDisposedException)
        {
            // The request is over; late progress from a finishing copy does not matter.
        }
    }

    public void Dispose() => _source.Dispose();
}
