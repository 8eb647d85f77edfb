using System.Globalization;
using Containerize.Oci.Errors;

namespace Containerize.Oci.Planning;

/// <summary>Parses the text of extra-layer item metadata (Owner, FileMode, DirectoryMode) for the MSBuild tasks.</summary>
public static class LayerSettingParser
{
    /// <summary>Parses "uid" or "uid:gid" (numeric; a lone uid is also the gid). Throws InvalidOwner.</summary>
    public static (int UserId, int GroupId) ParseOwner(string value, string usedBy)
    {
        string[] parts = value.Trim().Split(':');
        if (parts.Length <= 2 && TryParseId(parts[0], out int userId))
        {
            if (parts.Length == 1)
            {
                return (userId, userId);
            }

            if (TryParseId(parts[1], out int groupId))
            {
                return (userId, groupId);
            }
        }

        throw new ContainerizeException(
            ErrorCodes.InvalidOwner,
            $"The owner '{value}' of {usedBy} is not a numeric uid or uid:gid.",
            "Use numeric ids, for example Owner=\"1654:1654\" (names cannot be looked up: the image's /etc/passwd is not read).");
    }

    /// <summary>Parses an octal mode such as "0644", "644" or "1777". Throws InvalidFileMode.</summary>
    public static UnixFileMode ParseMode(string value, string usedBy)
    {
        string text = value.Trim();
        if (text.Length is >= 3 and <= 5 && text.All(c => c is >= '0' and <= '7'))
        {
            int mode = Convert.ToInt32(text, 8);
            if (FileModes.IsValid((UnixFileMode)mode))
            {
                return (UnixFileMode)mode;
            }
        }

        throw new ContainerizeException(
            ErrorCodes.InvalidFileMode,
            $"The mode '{value}' of {usedBy} is not an octal permission.",
            "Use three or four octal digits, for example FileMode=\"0644\" and DirectoryMode=\"0755\".");
    }

    private static bool TryParseId(string text, out int id) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);
}
