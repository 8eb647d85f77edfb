using Containerize.Oci.Errors;
using Containerize.Oci.Layers;

namespace Containerize.Oci.Planning;

/// <summary>Normalizes the paths users and MSBuild items give into container paths, rejecting escapes.</summary>
public static class ContainerPaths
{
    /// <summary>
    /// Normalizes an item's RelativePath: '\' becomes '/' (the app's own satellites come with backslashes even on
    /// Linux), empty and '.' segments go; an absolute path or a '..' segment is InvalidContainerPath.
    /// </summary>
    public static string NormalizeRelative(string? relativePath, string source)
    {
        string path = (relativePath ?? string.Empty).Replace('\\', '/');
        if (path.StartsWith('/') || (path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':'))
        {
            throw Invalid($"The relative path '{relativePath}' of '{source}' is absolute.", "A published file's RelativePath must stay inside the app directory.");
        }

        string[] segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var kept = new List<string>(segments.Length);
        foreach (string segment in segments)
        {
            if (segment == "..")
            {
                throw Invalid($"The relative path '{relativePath}' of '{source}' leaves the app directory with '..'.", "A published file's RelativePath must stay inside the app directory.");
            }

            if (segment != "." && segment.Length > 0)
            {
                kept.Add(segment);
            }
        }

        if (kept.Count == 0 || path.Contains('\0', StringComparison.Ordinal))
        {
            throw Invalid($"The relative path '{relativePath}' of '{source}' names no file.", "Give the published file a RelativePath such as 'App.dll'.");
        }

        return string.Join('/', kept);
    }

    /// <summary>Normalizes an absolute container directory ("/app", "/app/", "/"); returns "/" or a path without trailing '/'.</summary>
    public static string NormalizeDirectory(string? directory, string usedBy)
    {
        string path = directory ?? string.Empty;
        if (path.Length > 1)
        {
            path = path.TrimEnd('/');
        }

        if (path != "/" && !ContainerPathRules.IsNormalized(path))
        {
            throw Invalid(
                $"The container directory '{directory}' of {usedBy} is not an absolute path without '.' or '..' segments.",
                "Use an absolute Linux path such as /app or /opt/extras.");
        }

        return path;
    }

    /// <summary>Joins a normalized directory and a normalized relative path.</summary>
    public static string Combine(string directory, string relativePath) =>
        directory == "/" ? "/" + relativePath : directory + "/" + relativePath;

    private static ContainerizeException Invalid(string message, string hint) =>
        new(ErrorCodes.InvalidContainerPath, message, hint);
}
