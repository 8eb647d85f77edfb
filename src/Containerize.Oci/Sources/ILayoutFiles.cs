namespace Containerize.Oci.Sources;

/// <summary>Where the files of an OCI image layout are: a folder (<c>oci:</c>) or the entries of an uncompressed tar (<c>oci-archive:</c>).</summary>
internal interface ILayoutFiles
{
    /// <summary>The layout as a user would name it in a message: the folder, or the archive file.</summary>
    string Location { get; }

    /// <summary>Where one file is, for messages: <c>'/layout/blobs/sha256/…'</c> or <c>'blobs/sha256/…' in '/base.tar'</c>.</summary>
    string Describe(string relativePath);

    bool Exists(string relativePath);

    /// <summary>The file's raw bytes; the caller verifies them.</summary>
    Stream Open(string relativePath);
}
