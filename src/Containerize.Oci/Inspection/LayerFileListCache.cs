using Containerize.Oci.IO;
using Containerize.Oci.Model;

namespace Containerize.Oci.Inspection;

/// <summary>
/// Base layers' file lists, kept in the machine-wide cache folder (<c>file-lists-v1/HEX.json</c>, by diffID): the
/// first build on a base reads each layer's tar once; later builds read a small JSON file. Files appear by rename only
/// when complete, and a damaged one is read again from the layer.
/// </summary>
public sealed class LayerFileListCache
{
    public const string FolderName = "file-lists-v1";

    private readonly string _directory;

    /// <param name="cacheRoot">The layer cache's root (<c>ContainerizeCacheDirectory</c>).</param>
    public LayerFileListCache(string cacheRoot)
    {
        _directory = Path.Combine(cacheRoot, FolderName);
    }

    /// <summary>The layer's file list, from the cache or read from its tar (and then cached).</summary>
    public async Task<(LayerFileList List, bool Cached)> GetAsync(ILayer layer, CancellationToken cancellationToken)
    {
        string path = Path.Combine(_directory, layer.DiffId.Encoded + ".json");
        if (File.Exists(path) && LayerFileList.TryDeserialize(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false)) is { } cached)
        {
            Storage.StoreFiles.Touch(path);
            return (cached, true);
        }

        LayerFileList list;
        Stream tar = await layer.OpenUncompressedAsync(cancellationToken).ConfigureAwait(false);
        await using (tar.ConfigureAwait(false))
        {
            list = await LayerFileList.ReadAsync(tar, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            Directory.CreateDirectory(_directory);
            string temporary = TemporaryFiles.Beside(path);
            await File.WriteAllBytesAsync(temporary, list.Serialize(), cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written costs the next build one more read of the layer, nothing else.
        }

        return (list, false);
    }
}
