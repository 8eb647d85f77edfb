using System.Formats.Tar;
using Containerize.Oci.Layers;
using Containerize.Oci.Model;
using Containerize.Oci.Sources;

namespace Containerize.Oci.Building;

/// <summary>
/// Reads a small file (such as <c>/etc/passwd</c>) as the base image's merged file system shows it: layers are read
/// from the top down, the topmost layer that has the file wins, and a whiteout of the file or an opaque parent hides
/// the layers below.
/// </summary>
internal static class BaseFileReader
{
    private const string WhiteoutPrefix = Inspection.LayerFileList.WhiteoutPrefix;
    private const string OpaqueWhiteout = Inspection.LayerFileList.OpaqueWhiteout;

    /// <summary>The file's text, or null when no layer has it (or it was deleted).</summary>
    public static async Task<string?> ReadTextAsync(SourceImage image, string containerPath, CancellationToken cancellationToken)
    {
        string wanted = Normalize(containerPath);
        for (int index = image.Layers.Count - 1; index >= 0; index--)
        {
            LayerLookup lookup = await FindInLayerAsync(image, image.Layers[index], wanted, cancellationToken).ConfigureAwait(false);
            if (lookup.Content is not null || lookup.Hidden)
            {
                return lookup.Content;
            }
        }

        return null;
    }

    private sealed record LayerLookup(string? Content, bool Hidden);

    private static async Task<LayerLookup> FindInLayerAsync(SourceImage image, Descriptor layer, string wanted, CancellationToken cancellationToken)
    {
        string[] parents = ParentsOf(wanted);
        bool hidden = false;
        Stream blob = await image.Blobs.OpenBlobAsync(layer, cancellationToken).ConfigureAwait(false);
        await using (blob.ConfigureAwait(false))
        {
            Stream tar = await LayerDecompression.OpenTarAsync(blob, layer.Digest, cancellationToken).ConfigureAwait(false);
            await using (tar.ConfigureAwait(false))
            {
                var reader = new TarReader(tar);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
                    {
                        string name = Normalize(entry.Name);
                        if (name == wanted && entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && entry.DataStream is not null)
                        {
                            using var text = new StreamReader(entry.DataStream);
                            return new LayerLookup(await text.ReadToEndAsync(cancellationToken).ConfigureAwait(false), false);
                        }

                        hidden |= IsWhiteoutOf(name, wanted, parents);
                    }
                }
            }
        }

        return new LayerLookup(null, hidden);
    }

    private static bool IsWhiteoutOf(string name, string wanted, string[] parents)
    {
        int slash = name.LastIndexOf('/');
        string directory = slash < 0 ? "" : name[..slash];
        string fileName = name[(slash + 1)..];
        if (!fileName.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        if (fileName == OpaqueWhiteout)
        {
            return parents.Contains(directory);
        }

        string deleted = (directory.Length == 0 ? "" : directory + "/") + fileName[WhiteoutPrefix.Length..];
        return deleted == wanted || parents.Contains(deleted);
    }

    private static string[] ParentsOf(string path)
    {
        var parents = new List<string> { "" };
        for (int slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            parents.Add(path[..slash]);
        }

        return [.. parents];
    }

    private static string Normalize(string path)
    {
        string trimmed = path.Replace('\\', '/');
        while (trimmed.StartsWith("./", StringComparison.Ordinal))
        {
            trimmed = trimmed[2..];
        }

        return trimmed.Trim('/');
    }
}
