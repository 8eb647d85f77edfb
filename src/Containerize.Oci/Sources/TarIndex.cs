using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Containerize.Oci.Sources;

/// <summary>
/// Lists where each file's data lies in an uncompressed tar, reading only headers (ustar, PAX <c>path</c>/<c>size</c>
/// records, GNU long names). System.Formats.Tar does not say where an entry's data starts, and reading a file in
/// place needs exactly that.
/// </summary>
internal static class TarIndex
{
    private const int Block = 512;

    /// <summary>Regular files by name (without a leading <c>./</c>): data offset and length. Hard links point at their target's data.</summary>
    public static async Task<Dictionary<string, (long Offset, long Length)>> ReadAsync(Stream archive, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, (long Offset, long Length)>(StringComparer.Ordinal);
        var links = new List<(string Name, string Target)>();
        byte[] header = new byte[Block];
        string? longName = null;
        string? longLink = null;
        long? paxSize = null;
        long position = 0;
        while (true)
        {
            archive.Position = position;
            if (await archive.ReadAtLeastAsync(header, Block, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) < Block || IsZero(header))
            {
                break;
            }

            if (!ChecksumMatches(header))
            {
                throw new InvalidDataException($"the header at offset {position} is not a tar header");
            }

            byte type = header[156];
            long size = paxSize ?? ReadNumber(header.AsSpan(124, 12));
            long dataOffset = position + Block;
            position = dataOffset + ((size + Block - 1) / Block * Block);
            if (type is (byte)'x' or (byte)'L' or (byte)'K')
            {
                byte[] data = new byte[size];
                archive.Position = dataOffset;
                await archive.ReadExactlyAsync(data, cancellationToken).ConfigureAwait(false);
                if (type == 'x')
                {
                    (longName, longLink, paxSize) = ReadPax(data, longName, longLink);
                }
                else if (type == 'L')
                {
                    longName = Encoding.UTF8.GetString(data).TrimEnd('\0');
                }
                else
                {
                    longLink = Encoding.UTF8.GetString(data).TrimEnd('\0');
                }

                continue;
            }

            string name = Normalize(longName ?? UstarName(header));
            string link = Normalize(longLink ?? Text(header.AsSpan(157, 100)));
            longName = longLink = null;
            paxSize = null;
            if (type is (byte)'0' or 0 or (byte)'7')
            {
                files[name] = (dataOffset, size);
            }
            else if (type == '1')
            {
                links.Add((name, link));
            }
        }

        foreach ((string name, string target) in links)
        {
            if (files.TryGetValue(target, out (long Offset, long Length) data))
            {
                files[name] = data;
            }
        }

        return files;
    }

    private static (string? Name, string? Link, long? Size) ReadPax(byte[] data, string? name, string? link)
    {
        long? size = null;
        int at = 0;
        while (at < data.Length)
        {
            int space = Array.IndexOf(data, (byte)' ', at);
            if (space < 0 || !int.TryParse(Encoding.ASCII.GetString(data, at, space - at), NumberStyles.None, CultureInfo.InvariantCulture, out int length) || length <= 0)
            {
                throw new InvalidDataException("a PAX header record is malformed");
            }

            string record = Encoding.UTF8.GetString(data, space + 1, length - (space - at) - 2);
            int equals = record.IndexOf('=', StringComparison.Ordinal);
            string key = record[..equals];
            string value = record[(equals + 1)..];
            if (key == "path")
            {
                name = value;
            }
            else if (key == "linkpath")
            {
                link = value;
            }
            else if (key == "size")
            {
                size = long.Parse(value, CultureInfo.InvariantCulture);
            }

            at += length;
        }

        return (name, link, size);
    }

    private static string UstarName(byte[] header)
    {
        string name = Text(header.AsSpan(0, 100));
        string prefix = header.AsSpan(257, 5).SequenceEqual("ustar"u8) ? Text(header.AsSpan(345, 155)) : "";
        return prefix.Length > 0 ? prefix + "/" + name : name;
    }

    private static long ReadNumber(ReadOnlySpan<byte> field)
    {
        if ((field[0] & 0x80) != 0)
        {
            // GNU base-256 for sizes of 8 GiB and more: the last eight bytes hold the value.
            return BinaryPrimitives.ReadInt64BigEndian(field[^8..]);
        }

        string text = Text(field).Trim();
        return text.Length == 0 ? 0 : Convert.ToInt64(text, 8);
    }

    private static bool ChecksumMatches(byte[] header)
    {
        long expected = ReadNumber(header.AsSpan(148, 8));
        long sum = 0;
        for (int i = 0; i < Block; i++)
        {
            sum += i is >= 148 and < 156 ? (byte)' ' : header[i];
        }

        return sum == expected;
    }

    private static bool IsZero(byte[] header) => header.AsSpan().IndexOfAnyExcept((byte)0) < 0;

    private static string Text(ReadOnlySpan<byte> field)
    {
        int end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }

    private static string Normalize(string name) => name.StartsWith("./", StringComparison.Ordinal) ? name[2..] : name;
}
