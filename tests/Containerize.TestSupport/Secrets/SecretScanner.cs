using System.IO.Compression;
using System.Text;

namespace Containerize.TestSupport.Secrets;

/// <summary>
/// Looks for a secret wherever a build could leave it: text, files, folders and MSBuild binary logs. Every form a
/// leak could take is searched, in UTF-8 and UTF-16: the secret itself and the base64 of a Basic
/// <c>user:password</c> header value.
/// </summary>
public sealed class SecretScanner
{
    private readonly IReadOnlyList<byte[]> _needles;

    public SecretScanner(string user, string password)
    {
        string basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        _needles = new[] { password, basic }
            .SelectMany(form => new[] { Encoding.UTF8.GetBytes(form), Encoding.Unicode.GetBytes(form) })
            .ToList();
    }

    /// <summary>Where the secret was found in <paramref name="text"/>: "<paramref name="place"/>", or nothing.</summary>
    public IReadOnlyList<string> ScanText(string text, string place) => ScanBytes(Encoding.UTF8.GetBytes(text), place);

    /// <summary>Every file under <paramref name="directory"/> (recursively) that holds the secret.</summary>
    public IReadOnlyList<string> ScanDirectory(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).SelectMany(file => ScanBytes(File.ReadAllBytes(file), file)).ToList()
            : [];

    /// <summary>
    /// Searches a <c>.binlog</c>: a gzip stream of records, whose embedded project files are a zip archive inside it;
    /// both the records and every file of the archive are searched.
    /// </summary>
    public IReadOnlyList<string> ScanBinaryLog(string path)
    {
        byte[] records;
        using (FileStream file = File.OpenRead(path))
        using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        using (var buffer = new MemoryStream())
        {
            gzip.CopyTo(buffer);
            records = buffer.ToArray();
        }

        if (records.Length < 1000)
        {
            throw new InvalidOperationException($"The binary log {path} holds only {records.Length} bytes: it cannot prove anything.");
        }

        var found = new List<string>(ScanBytes(records, path));
        foreach ((string name, byte[] content) in EmbeddedFiles(records))
        {
            found.AddRange(ScanBytes(content, $"{path} (embedded {name})"));
        }

        return found;
    }

    private IReadOnlyList<string> ScanBytes(ReadOnlySpan<byte> content, string place)
    {
        var found = new List<string>();
        foreach (byte[] needle in _needles)
        {
            if (content.IndexOf(needle) >= 0)
            {
                found.Add(place);
                break;
            }
        }

        return found;
    }

    /// <summary>The files of the project-imports zip in a decompressed binlog: from its first local header to its end record.</summary>
    private static IEnumerable<(string Name, byte[] Content)> EmbeddedFiles(byte[] records)
    {
        int start = records.AsSpan().IndexOf("PK\u0003\u0004"u8);
        int end = records.AsSpan().LastIndexOf("PK\u0005\u0006"u8);
        if (start < 0 || end < start)
        {
            yield break;
        }

        // The end-of-central-directory record is 22 bytes plus a comment whose length is its last field.
        int length = end + 22 + BitConverter.ToUInt16(records, end + 20) - start;
        using var archive = new ZipArchive(new MemoryStream(records, start, length, writable: false), ZipArchiveMode.Read);
        foreach (ZipArchiveEntry entry in archive.Entries)
        {
            using Stream stream = entry.Open();
            using var content = new MemoryStream();
            stream.CopyTo(content);
            yield return (entry.FullName, content.ToArray());
        }
    }
}
