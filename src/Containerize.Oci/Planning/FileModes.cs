namespace Containerize.Oci.Planning;

/// <summary>The normalized modes of the layer plan: 0644 for files, 0755 for directories and executables.</summary>
public static class FileModes
{
    public const UnixFileMode Regular = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public const UnixFileMode Executable = Regular | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public const UnixFileMode Directory = Executable;

    /// <summary>0777, as symlinks have on Linux (their mode is never used).</summary>
    public const UnixFileMode Symlink = Executable | UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>
    /// 0755 when the file's owner may execute it on disk (the apphost, createdump, native tools), else 0644. The test is
    /// on the user execute bit alone: <c>(mode &amp; UserExecute) != 0</c>, not the always-true <c>(mode | UserExecute) != 0</c>.
    /// Windows has no execute bits, so every file is 0644 there.
    /// </summary>
    public static UnixFileMode ForFile(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return Regular;
        }

        return (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0 ? Executable : Regular;
    }

    /// <summary>Whether only permission, setuid, setgid and sticky bits are set (nothing above 07777).</summary>
    public static bool IsValid(UnixFileMode mode) => ((int)mode & ~0xFFF) == 0;
}
