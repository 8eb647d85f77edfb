namespace Containerize.Oci.Sources;

/// <summary>The files of an OCI image layout folder.</summary>
internal sealed class FolderLayoutFiles(string directory) : ILayoutFiles
{
    public string Location => directory;

    public string Describe(string relativePath) => $"'{FullPath(relativePath)}'";

    public bool Exists(string relativePath) => File.Exists(FullPath(relativePath));

    public Stream Open(string relativePath) =>
        new FileStream(FullPath(relativePath), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);

    private string FullPath(string relativePath) => Path.Combine(directory, relativePath);
}
