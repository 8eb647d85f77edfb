using System.Formats.Tar;
using System.Text.Json;

namespace Containerize.Oci.Inspection;

/// <summary>
/// The paths one layer adds and deletes, read from its tar: entries (without bytes), whiteouts (<c>.wh.NAME</c>) and
/// opaque directories (<c>.wh..wh..opq</c>). This is what the file-list cache keeps per base layer.
/// </summary>
public sealed record LayerFileList
{
    /// <summary>The OCI whiteout marker: <c>DIR/.wh.NAME</c> deletes <c>DIR/NAME</c> from the layers below.</summary>
    public const string WhiteoutPrefix = ".wh.";

    /// <summary>The OCI opaque marker: <c>DIR/.wh..wh..opq</c> hides everything the layers below had in <c>DIR</c>.</summary>
    public const string OpaqueWhiteout = ".wh..wh..opq";

    public IReadOnlyList<ImageFileEntry> Entries { get; init; } = [];

    /// <summary>Paths this layer deletes from the layers below (with everything under them).</summary>
    public IReadOnlyList<string> Deleted { get; init; } = [];

    /// <summary>Directories whose contents in the layers below this layer hides.</summary>
    public IReadOnlyList<string> Opaque { get; init; } = [];

    /// <summary>Reads an uncompressed layer tar; only headers are read, file bytes are skipped.</summary>
    public static async Task<LayerFileList> ReadAsync(Stream tar, CancellationToken cancellationToken)
    {
        var entries = new List<ImageFileEntry>();
        var deleted = new List<string>();
        var opaque = new List<string>();
        var reader = new TarReader(tar);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                string path = ImageFileTree.Normalize(entry.Name);
                string name = path[(path.LastIndexOf('/') + 1)..];
                string directory = ImageFileTree.ParentOf(path);
                if (name == OpaqueWhiteout)
                {
                    opaque.Add(directory);
                    continue;
                }

                if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
                {
                    deleted.Add(ImageFileTree.Join(directory, name[WhiteoutPrefix.Length..]));
                    continue;
                }

                if (path == "/")
                {
                    continue;
                }

                (ImageFileType type, string? target) = entry.EntryType switch
                {
                    TarEntryType.Directory => (ImageFileType.Directory, null),
                    TarEntryType.SymbolicLink => (ImageFileType.Symlink, entry.LinkName),
                    TarEntryType.HardLink => (ImageFileType.HardLink, ImageFileTree.Normalize(entry.LinkName)),
                    TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile => (ImageFileType.File, null),
                    _ => (ImageFileType.Other, (string?)null),
                };
                entries.Add(new ImageFileEntry(path, type, entry.Mode, target));
            }
        }

        return new LayerFileList { Entries = entries, Deleted = deleted, Opaque = opaque };
    }

    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(this, s_options);

    /// <summary>The list from its cached form; null when the bytes are not one.</summary>
    public static LayerFileList? TryDeserialize(byte[] bytes)
    {
        try
        {
            return JsonSerializer.Deserialize<LayerFileList>(bytes, s_options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static readonly JsonSerializerOptions s_options = new() { WriteIndented = false };
}
