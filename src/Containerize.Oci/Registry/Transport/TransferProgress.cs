using System.Diagnostics;
using System.Globalization;
using Containerize.Oci.Logging;

namespace Containerize.Oci.Registry.Transport;

/// <summary>
/// Progress of one transfer for the normal-verbosity log, fit for CI logs: nothing for a transfer that is over within
/// a few seconds, then one plain line at most every few seconds (no terminal control codes, no redrawn lines):
/// <c>Uploading layer app: 12.0 MiB of 45.3 MiB (26%), 2.1 MiB/s</c>.
/// </summary>
internal sealed class TransferProgress
{
    /// <summary>A transfer shorter than this prints nothing.</summary>
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(3);

    /// <summary>The least time between two lines for one transfer.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly IBuildLog _log;
    private readonly string _what;
    private readonly long _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _lock = new();
    private long _done;
    private TimeSpan _lastReport;
    private bool _reported;

    /// <param name="what">The transfer, as the line starts: "Uploading layer app", "Downloading base layer sha256:0123…".</param>
    public TransferProgress(IBuildLog log, string what, long total)
    {
        _log = log;
        _what = what;
        _total = total;
    }

    /// <summary>Counts bytes moved; prints a line when the quiet period and the interval have passed.</summary>
    public void Advance(long bytes)
    {
        string? line = null;
        lock (_lock)
        {
            _done += bytes;
            TimeSpan now = _clock.Elapsed;
            if (now >= QuietPeriod && (!_reported || now - _lastReport >= Interval))
            {
                _reported = true;
                _lastReport = now;
                line = Describe(now);
            }
        }

        if (line is not null)
        {
            _log.Info(line);
        }
    }

    /// <summary>The transfer starts again from its first byte (a new upload session, a new download).</summary>
    public void Restart()
    {
        lock (_lock)
        {
            _done = 0;
        }
    }

    /// <summary>Ends a transfer that printed progress with a last line, so the log shows it finished.</summary>
    public void Complete()
    {
        if (_reported)
        {
            _log.Info(string.Create(CultureInfo.InvariantCulture, $"{_what}: done, {ByteSizes.Format(_total)} in {_clock.Elapsed.TotalSeconds:0} s"));
        }
    }

    private string Describe(TimeSpan elapsed)
    {
        double rate = _done / Math.Max(elapsed.TotalSeconds, 0.001);
        long percent = _total > 0 ? Math.Min(100, _done * 100 / _total) : 0;
        return string.Create(CultureInfo.InvariantCulture,
            $"{_what}: {ByteSizes.Format(_done)} of {ByteSizes.Format(_total)} ({percent}%), {ByteSizes.Format((long)rate)}/s");
    }
}
