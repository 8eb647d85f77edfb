using System.Globalization;
using System.Text;
using Containerize.Oci.Layers;

namespace Containerize.Oci.Building;

/// <summary>
/// The few files an app on <c>scratch</c> needs to start as a non-root user, as their own bottom layer: <c>/etc/passwd</c>
/// and <c>/etc/group</c> naming root and the app user (so the runtime gives the user its group, not 0), the user's
/// home, and <c>/tmp</c> with mode 1777. No certificates, time zones or libraries: those come only from the user.
/// </summary>
internal static class ScratchFiles
{
    public const string LayerName = "scratch-files";
    private const UnixFileMode FileMode = (UnixFileMode)0b110_100_100; // 0644
    private const UnixFileMode DirectoryMode = (UnixFileMode)0b111_101_101; // 0755
    private const UnixFileMode TemporaryMode = (UnixFileMode)0b1_111_111_111; // 1777

    /// <param name="user">ContainerUser as given: numeric <c>uid[:gid]</c> names the app user; anything else gets 1654 (a name is refused later, scratch defines none).</param>
    /// <param name="workDirectory">Where the two small files are written, so the layer writer can read them like any other.</param>
    public static PlannedLayer Create(string? user, string workDirectory)
    {
        (int userId, int groupId) = ParseNumericUser(user);
        string folder = Path.Combine(workDirectory, LayerName, $"{userId}-{groupId}");
        Directory.CreateDirectory(folder);
        string passwd = WriteIfChanged(Path.Combine(folder, "passwd"),
            $"root:x:0:0:root:/root:/sbin/nologin\n" + (userId == 0 ? "" : $"app:x:{userId}:{groupId}:app:/home/app:/sbin/nologin\n"));
        string group = WriteIfChanged(Path.Combine(folder, "group"),
            "root:x:0:\n" + (groupId == 0 ? "" : $"app:x:{groupId}:\n"));
        return new PlannedLayer
        {
            Name = LayerName,
            Kind = LayerKind.Extra,
            Entries =
            [
                new LayerEntry { ContainerPath = "/etc", Type = LayerEntryType.Directory, Mode = DirectoryMode },
                new LayerEntry { ContainerPath = "/etc/group", SourcePath = group, Mode = FileMode },
                new LayerEntry { ContainerPath = "/etc/passwd", SourcePath = passwd, Mode = FileMode },
                new LayerEntry { ContainerPath = "/home", Type = LayerEntryType.Directory, Mode = DirectoryMode },
                new LayerEntry { ContainerPath = "/home/app", Type = LayerEntryType.Directory, Mode = DirectoryMode, UserId = userId, GroupId = groupId },
                new LayerEntry { ContainerPath = "/tmp", Type = LayerEntryType.Directory, Mode = TemporaryMode },
            ],
        };
    }

    private static (int UserId, int GroupId) ParseNumericUser(string? user)
    {
        string[] parts = (user ?? "").Trim().Split(':');
        if (parts.Length is 1 or 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int userId))
        {
            int groupId = userId;
            if (parts.Length == 1 || int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out groupId))
            {
                return (userId, groupId);
            }
        }

        int defaultId = int.Parse(UserResolver.DefaultUserId, CultureInfo.InvariantCulture);
        return (defaultId, defaultId);
    }

    /// <summary>Leaves an identical file alone: two builds at once may share the folder, and the bytes are all that matter.</summary>
    private static string WriteIfChanged(string path, string content)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(content);
        if (!File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
        {
            string temporary = $"{path}.{Guid.NewGuid():N}.tmp";
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, path, overwrite: true);
        }

        return path;
    }
}
