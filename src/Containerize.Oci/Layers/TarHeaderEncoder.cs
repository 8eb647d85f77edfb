using System.Globalization;
using System.Text;

namespace Containerize.Oci.Layers;

/// <summary>What one tar header says. <see cref="Name"/> is relative (no leading '/'); a directory's ends with '/'.</summary>
internal readonly record struct TarHeaderFields(
    string Name,
    byte TypeFlag,
    UnixFileMode Mode,
    int UserId,
    int GroupId,
    long Size,
    long ModificationTime,
    string? LinkName);

/// <summary>
/// Encodes ustar headers, preceded by a PAX extended header only when a value does not fit ustar: a path that is not
/// ASCII or cannot be split into prefix and name, a link target longer than 100 bytes or not ASCII, a size of 8 GiB or
/// more, an id or mtime beyond the octal fields. The PAX header's own name is derived from the entry (no process id),
/// and user and group names are always empty.
/// </summary>
internal static class TarHeaderEncoder
{
    public const int BlockSize = 512;
    public const byte RegularFile = (byte)'0';
    public const byte SymbolicLink = (byte)'2';
    public const byte Directory = (byte)'5';
    private const byte PaxExtendedHeader = (byte)'x';
    private const int NameLength = 100;
    private const int PrefixLength = 155;
    private const long MaxOctal7 = 0x1FFFFF; // 7 octal digits (ids, mode).
    private const long MaxOctal11 = 0x1FFFFFFFF; // 11 octal digits (size, mtime).

    /// <summary>Returns the header blocks for one entry: 512 bytes, or more when a PAX header comes first.</summary>
    public static byte[] Encode(in TarHeaderFields fields)
    {
        var pax = new List<KeyValuePair<string, string>>();
        string name = fields.Name;
        (string Name, string Prefix)? split = SplitName(name);
        if (split is null)
        {
            pax.Add(new("path", name));
            split = (Fallback(name, NameLength), string.Empty);
        }

        string linkName = fields.LinkName ?? string.Empty;
        if (!IsAscii(linkName) || linkName.Length > NameLength)
        {
            pax.Add(new("linkpath", linkName));
            linkName = Fallback(linkName, NameLength);
        }

        long size = KeepOrPax(pax, "size", fields.Size, MaxOctal11);
        long userId = KeepOrPax(pax, "uid", fields.UserId, MaxOctal7);
        long groupId = KeepOrPax(pax, "gid", fields.GroupId, MaxOctal7);
        long modificationTime = KeepOrPax(pax, "mtime", fields.ModificationTime, MaxOctal11);

        var ustar = new byte[BlockSize];
        WriteUstar(ustar, split.Value.Name, split.Value.Prefix, fields.TypeFlag, fields.Mode, userId, groupId, size, modificationTime, linkName);
        if (pax.Count == 0)
        {
            return ustar;
        }

        byte[] records = EncodePaxRecords(pax);
        int paddedLength = (records.Length + BlockSize - 1) / BlockSize * BlockSize;
        var result = new byte[BlockSize + paddedLength + BlockSize];
        WriteUstar(result, PaxHeaderName(name), string.Empty, PaxExtendedHeader, (UnixFileMode)0b110_100_100, 0, 0, records.Length, modificationTime, string.Empty);
        records.CopyTo(result, BlockSize);
        ustar.CopyTo(result, BlockSize + paddedLength);
        return result;
    }

    private static (string Name, string Prefix)? SplitName(string path)
    {
        if (!IsAscii(path))
        {
            return null;
        }

        if (path.Length <= NameLength)
        {
            return (path, string.Empty);
        }

        // The longest prefix that fits, split at a '/' and leaving a non-empty name (a directory's trailing '/' is not a split point).
        int slash = path.LastIndexOf('/', Math.Min(PrefixLength, path.Length - 2));
        if (slash <= 0 || path.Length - slash - 1 > NameLength)
        {
            return null;
        }

        return (path[(slash + 1)..], path[..slash]);
    }

    private static long KeepOrPax(List<KeyValuePair<string, string>> pax, string key, long value, long max)
    {
        if (value >= 0 && value <= max)
        {
            return value;
        }

        pax.Add(new(key, value.ToString(CultureInfo.InvariantCulture)));
        return 0;
    }

    /// <summary>Each record is "length key=value\n", where length counts the whole record including its own digits.</summary>
    private static byte[] EncodePaxRecords(List<KeyValuePair<string, string>> pax)
    {
        var builder = new StringBuilder();
        foreach ((string key, string value) in pax)
        {
            int body = 1 + Encoding.UTF8.GetByteCount(key) + 1 + Encoding.UTF8.GetByteCount(value) + 1;
            int length = body + 1;
            while (length != body + length.ToString(CultureInfo.InvariantCulture).Length)
            {
                length = body + length.ToString(CultureInfo.InvariantCulture).Length;
            }

            builder.Append(length.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(key).Append('=').Append(value).Append('\n');
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>A stable name for the PAX header entry: readers ignore it, so it only has to be the same on every build.</summary>
    private static string PaxHeaderName(string path)
    {
        string trimmed = path.TrimEnd('/');
        string fileName = trimmed[(trimmed.LastIndexOf('/') + 1)..];
        return Fallback("PaxHeaders/" + fileName, NameLength);
    }

    /// <summary>What old readers see instead of a value moved to the PAX header: ASCII, cut to the field's length.</summary>
    private static string Fallback(string value, int maxLength)
    {
        var builder = new StringBuilder(Math.Min(value.Length, maxLength));
        foreach (char c in value)
        {
            if (builder.Length == maxLength)
            {
                break;
            }

            builder.Append(c is >= ' ' and <= '~' ? c : '_');
        }

        return builder.ToString();
    }

    private static bool IsAscii(string value)
    {
        foreach (char c in value)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    private static void WriteUstar(
        Span<byte> block, string name, string prefix, byte typeFlag, UnixFileMode mode, long userId, long groupId, long size, long modificationTime, string linkName)
    {
        block = block[..BlockSize];
        block.Clear();
        Encoding.ASCII.GetBytes(name, block[..NameLength]);
        WriteOctal(block.Slice(100, 8), (long)mode & 0xFFF);
        WriteOctal(block.Slice(108, 8), userId);
        WriteOctal(block.Slice(116, 8), groupId);
        WriteOctal(block.Slice(124, 12), size);
        WriteOctal(block.Slice(136, 12), modificationTime);
        block[156] = typeFlag;
        Encoding.ASCII.GetBytes(linkName, block.Slice(157, NameLength));
        "ustar\0"u8.CopyTo(block[257..]);
        "00"u8.CopyTo(block[263..]);
        // uname (265) and gname (297) stay empty: ids are numeric only.
        WriteOctal(block.Slice(329, 8), 0);
        WriteOctal(block.Slice(337, 8), 0);
        Encoding.ASCII.GetBytes(prefix, block.Slice(345, PrefixLength));

        // The checksum is computed with its own field as spaces, then written as six octal digits, NUL, space.
        block.Slice(148, 8).Fill((byte)' ');
        long checksum = 0;
        foreach (byte value in block)
        {
            checksum += value;
        }

        WriteOctal(block.Slice(148, 7), checksum);
        block[155] = (byte)' ';
    }

    /// <summary>Zero-padded octal filling the field but its last byte, which is NUL.</summary>
    private static void WriteOctal(Span<byte> field, long value)
    {
        int digits = field.Length - 1;
        for (int index = digits - 1; index >= 0; index--)
        {
            field[index] = (byte)('0' + (value & 7));
            value >>= 3;
        }

        field[digits] = 0;
    }
}
