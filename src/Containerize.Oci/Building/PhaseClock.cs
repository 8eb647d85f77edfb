using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Containerize.Oci.Building;

/// <summary>Times the image step phase by phase, so a slow phase shows in a detailed log without a profiler.</summary>
public sealed class PhaseClock
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<(string Name, TimeSpan Elapsed)> _phases = [];
    private TimeSpan _last;

    /// <summary>Ends the phase that ran since the previous call (or since the clock started).</summary>
    public void End(string name)
    {
        TimeSpan now = _clock.Elapsed;
        _phases.Add((name, now - _last));
        _last = now;
    }

    public IReadOnlyList<(string Name, TimeSpan Elapsed)> Phases => _phases;

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach ((string name, TimeSpan elapsed) in _phases)
        {
            text.Append(text.Length == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"{name} {elapsed.TotalSeconds:0.000} s");
        }

        return text.ToString();
    }
}
