using Containerize.TestSupport;

namespace Containerize.Oci.Tests.Layers;

/// <summary>A fresh folder under artifacts/test-work for one test's files, removed when the test ends.</summary>
internal sealed class TestFolder : IDisposable
{
    public TestFolder(string name)
    {
        Root = RepositoryPaths.CreateWorkDirectory(name);
    }

    public string Root { get; }

    public string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    /// <summary>Writes a file (creating its folders); optionally executable and with a given mtime.</summary>
    public string WriteFile(string relativePath, string content, bool executable = false, DateTime? modified = null)
    {
        string path = PathOf(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, executable ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100);
        }
        if (modified is DateTime time)
        {
            File.SetLastWriteTimeUtc(path, time);
        }

        return path;
    }

    public string CreateDirectory(string relativePath) => Directory.CreateDirectory(PathOf(relativePath)).FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Left for inspection; artifacts/ is not committed.
        }
    }
}
