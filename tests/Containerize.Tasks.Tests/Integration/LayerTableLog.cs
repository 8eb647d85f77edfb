using System.Text.RegularExpressions;

namespace Containerize.Tasks.Tests.Integration;

/// <summary>Reads how each of our layers was made (built or cached) out of a build log's layer table.</summary>
internal static partial class LayerTableLog
{
    public static IReadOnlyDictionary<string, string> Made(string log) =>
        MadePattern().Matches(log).ToDictionary(match => match.Groups["layer"].Value, match => match.Groups["made"].Value);

    [GeneratedRegex(@"^\s+(?<layer>\S+)\s+\d+\s+[\d.]+ \S+\s+[\d.]+ \S+\s+(?<made>built|cached) [\d.]+ m?s\b", RegexOptions.Multiline)]
    private static partial Regex MadePattern();
}
