namespace Containerize.Oci.Planning;

/// <summary>
/// A path pattern over '/'-separated relative paths, matched against the whole path, case-sensitively (ordinal):
/// <c>**</c> as a whole segment matches any number of segments (none included), <c>*</c> any characters within one
/// segment, <c>?</c> one character. So <c>wwwroot/**</c> takes everything under wwwroot, <c>*.json</c> only top-level
/// JSON files and <c>**/*.json</c> JSON files at any depth. A trailing '/' means "everything under".
/// </summary>
public sealed class Glob
{
    private const string AnySegments = "**";
    private readonly string[] _segments;

    private Glob(string pattern, string[] segments)
    {
        Pattern = pattern;
        _segments = segments;
    }

    /// <summary>The pattern as the user wrote it.</summary>
    public string Pattern { get; }

    /// <summary>Parses a pattern; '\' is read as '/'. Throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static Glob Parse(string pattern)
    {
        string normalized = pattern.Replace('\\', '/');
        while (normalized.StartsWith("./", StringComparison.Ordinal))
        {
            normalized = normalized[2..];
        }

        if (normalized.Length == 0)
        {
            throw new FormatException("the pattern is empty");
        }

        if (normalized[0] == '/')
        {
            throw new FormatException("the pattern is absolute; patterns are relative to the app directory");
        }

        if (normalized[^1] == '/')
        {
            normalized += AnySegments;
        }

        string[] segments = normalized.Split('/');
        foreach (string segment in segments)
        {
            if (segment is "" or "." or "..")
            {
                throw new FormatException($"the segment '{segment}' is not allowed (no empty, '.' or '..' segments)");
            }

            if (segment != AnySegments && segment.Contains(AnySegments, StringComparison.Ordinal))
            {
                throw new FormatException($"'**' must be a whole segment, as in 'a/**/b', not '{segment}'");
            }
        }

        return new Glob(pattern, segments);
    }

    /// <summary>Whether the relative path (with '/' separators) matches.</summary>
    public bool IsMatch(string relativePath) => MatchFrom(0, relativePath.Split('/'), 0);

    public override string ToString() => Pattern;

    private bool MatchFrom(int patternIndex, string[] path, int pathIndex)
    {
        for (; patternIndex < _segments.Length; patternIndex++, pathIndex++)
        {
            if (_segments[patternIndex] == AnySegments)
            {
                for (int next = pathIndex; next <= path.Length; next++)
                {
                    if (MatchFrom(patternIndex + 1, path, next))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (pathIndex == path.Length || !MatchSegment(_segments[patternIndex], path[pathIndex]))
            {
                return false;
            }
        }

        return pathIndex == path.Length;
    }

    /// <summary>Wildcard match of one segment; on a mismatch after '*', the star takes one more character.</summary>
    private static bool MatchSegment(string pattern, string text)
    {
        int patternIndex = 0;
        int textIndex = 0;
        int star = -1;
        int starText = 0;
        while (textIndex < text.Length)
        {
            if (patternIndex < pattern.Length && (pattern[patternIndex] == '?' || pattern[patternIndex] == text[textIndex]))
            {
                patternIndex++;
                textIndex++;
            }
            else if (patternIndex < pattern.Length && pattern[patternIndex] == '*')
            {
                star = patternIndex++;
                starText = textIndex;
            }
            else if (star >= 0)
            {
                patternIndex = star + 1;
                textIndex = ++starText;
            }
            else
            {
                return false;
            }
        }

        while (patternIndex < pattern.Length && pattern[patternIndex] == '*')
        {
            patternIndex++;
        }

        return patternIndex == pattern.Length;
    }
}
