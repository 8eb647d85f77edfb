namespace Containerize.Oci.Inspection;

/// <summary>What a path in an image's file system is.</summary>
public enum ImageFileType
{
    File,
    Directory,
    Symlink,

    /// <summary>A tar hard link: the same file as <see cref="ImageFileEntry.LinkTarget"/>.</summary>
    HardLink,

    /// <summary>Devices, fifos: present, never followed.</summary>
    Other,
}

/// <summary>One path of an image's file system as the run check sees it: no bytes, only what it is and where a link points.</summary>
/// <param name="Path">Absolute and normalized (<c>/usr/lib/libc.so.6</c>).</param>
/// <param name="LinkTarget">For symlinks the target as written (relative or absolute); for hard links the absolute path of the other name.</param>
public sealed record ImageFileEntry(string Path, ImageFileType Type, UnixFileMode Mode, string? LinkTarget = null);
