namespace Containerize.Oci.Layers;

/// <summary>The shape of a normalized container path: absolute, '/' separated, no empty, '.' or '..' segments, no trailing '/'.</summary>
public static class ContainerPathRules
{
    public static bool IsNormalized(string path)
    {
        if (path.Length < 2 || path[0] != '/' || path[^1] == '/' || path.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        foreach (string segment in path[1..].Split('/'))
        {
            if (segment is "" or "." or "..")
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The parent directory, or null for a top-level path such as <c>/app</c> (the root is never an entry).</summary>
    public static string? GetParent(string path)
    {
        int slash = path.LastIndexOf('/');
        return slash <= 0 ? null : path[..slash];
    }

    internal static void ThrowIfNotNormalized(string path)
    {
        if (!IsNormalized(path))
        {
            throw new ArgumentException($"'{path}' is not a normalized absolute container path (like /app/App.dll).", nameof(path));
        }
    }
}
