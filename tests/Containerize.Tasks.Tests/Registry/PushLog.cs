using System.Text.RegularExpressions;

namespace Containerize.Tasks.Tests.Registry;

/// <summary>Reads the push table out of a build log: one (blob, outcome, digest) per row.</summary>
internal static partial class PushLog
{
    public static IReadOnlyList<(string Blob, string Outcome, string Digest)> Rows(string log) =>
        RowPattern().Matches(log).Select(match => (match.Groups["blob"].Value, match.Groups["outcome"].Value, match.Groups["digest"].Value)).ToList();

    [GeneratedRegex(@"^\s+(?<blob>\S+(?: \d+)?)\s+(?<outcome>existed|mounted|uploaded)\s+\S+ \S+\s+\S+ \S+\s+(?<digest>sha256:[0-9a-f]{64})\s*$", RegexOptions.Multiline)]
    private static partial Regex RowPattern();
}
