namespace Containerize.TestSupport;

/// <summary>Where things are in this repository, found from the test assembly's location.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The folder holding Containerize.Tasks.sln.</summary>
    public static string Root => s_root.Value;

    public static string Samples => Path.Combine(Root, "samples");

    public static string Artifacts => Path.Combine(Root, "artifacts");

    /// <summary>A fresh empty folder under artifacts/test-work, kept after the run for inspection.</summary>
    public static string CreateWorkDirectory(string name)
    {
        string path = Path.Combine(Artifacts, "test-work", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Containerize.Tasks.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Containerize.Tasks.sln above {AppContext.BaseDirectory}.");
    }
}
