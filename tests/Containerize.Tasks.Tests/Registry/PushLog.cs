using System.Text.RegularExpressions;

namespace Containerize.Tasks.Tests.Registry;

/// <summary>Reads the layer table of a pushed build out of its log: one (blob, how it was made, registry outcome, digest) per row.</summary>
internal static partial class PushLog
{
    public static IReadOnlyList<(string Blob, string Made, string Outcome, string Digest)> Rows(string log) =>
        RowPattern().Matches(log)
            .Select(match => (match.Groups["blob"].Value, match.Groups["made"].Value, match.Groups["outcome"].Value, match.Groups["digest"].Value))
            .ToList();

    [GeneratedRegex(@"^ +(?<blob>\S+(?: \d+)?)\s+(?:-|\d+)\s+(?:-|[\d.]+ \S+)\s+[\d.]+ \S+\s+(?<made>base|-|cached|built)(?: [\d.]+ m?s)?\s+(?<outcome>existed|mounted|uploaded)(?: [\d.]+ \S+)? [\d.]+ m?s\s+(?<digest>sha256:[0-9a-f]{64})\r?$", RegexOptions.Multiline)]
    private static partial Regex RowPattern();
}
