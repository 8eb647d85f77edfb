using Containerize.Oci.Errors;

namespace Containerize.Oci.Planning;

/// <summary>Normalizes the paths users and MSBuild items give into container paths, rejecting escapes.</summary>
public static class ContainerPaths
{
    /// <summary>Where the app goes and runs when ContainerWorkingDirectory is empty, as in the SDK: the one place this default is written in code.</summary>
    public const string DefaultAppDirectory = "/app";

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

    /// <summary>
    /// Normalizes an absolute container directory ("/app", "/app/", "/srv//app", "/"): empty and '.' segments go; a
    /// relative path or a '..' segment is InvalidContainerPath. Returns "/" or a path without a trailing '/'.
    /// </summary>
    public static string NormalizeDirectory(string? directory, string usedBy)
    {
        string path = directory ?? string.Empty;
        string[] segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (!path.StartsWith('/') || path.Contains('\0', StringComparison.Ordinal) || segments.Contains(".."))
        {
            throw Invalid(
                $"The container directory '{directory}' of {usedBy} is not an absolute path without '..' segments.",
                "Use an absolute Linux path such as /app or /opt/extras.");
        }

        return "/" + string.Join('/', segments.Where(segment => segment != "."));
    }

    /// <summary>Joins a normalized directory and a normalized relative path.</summary>
    public static string Combine(string directory, string relativePath) =>
        directory == "/" ? "/" + relativePath : directory + "/" + relativePath;

    private static ContainerizeException Invalid(string message, string hint) =>
        new(ErrorCodes.InvalidContainerPath, message, hint);
}
