using System.Security.Cryptography;
using Containerize.Oci.Digests;
using Containerize.Oci.Errors;

namespace Containerize.Oci.Layers;

/// <summary>
/// Writes a layer's entries as a tar whose bytes depend only on the entries' paths, types, modes, owners, link targets
/// and file contents, and on one timestamp. The rules:
/// <list type="bullet">
/// <item>entries sorted by container path (ordinal), every parent directory written explicitly (root, 0755 unless given);</item>
/// <item>paths relative to the root (<c>app/App.dll</c>), directories ending with '/';</item>
/// <item>one mtime for every entry (whole seconds), numeric uid and gid, empty user and group names, the entry's mode;</item>
/// <item>ustar headers, with a PAX header first only where a value does not fit (see <see cref="TarHeaderEncoder"/>);</item>
/// <item>file bytes streamed; a file whose size differs from what was stat'ed when opened is an error;</item>
/// <item>the archive ends with two zero blocks and no further padding.</item>
/// </list>
/// </summary>
public static class ReproducibleTarWriter
{
    private const int BufferSize = 1 << 20;

    /// <summary>Writes the tar to <paramref name="destination"/>; returns the number of files and symlinks written.</summary>
    public static Task<int> WriteAsync(IEnumerable<LayerEntry> entries, DateTimeOffset timestamp, Stream destination, CancellationToken cancellationToken) =>
        WriteAsync(entries, timestamp, destination, key: null, cancellationToken);

    /// <summary>
    /// Writes the tar and feeds <paramref name="key"/> every entry with the content hash of the bytes actually written,
    /// so a cache entry is filed under what is in the layer, even if a file changed since its key was first computed.
    /// </summary>
    internal static async Task<int> WriteAsync(IEnumerable<LayerEntry> entries, DateTimeOffset timestamp, Stream destination, LayerKeyBuilder? key, CancellationToken cancellationToken)
    {
        long modificationTime = timestamp.ToUnixTimeSeconds();
        var output = new BlockBuffer(destination, BufferSize);
        using IncrementalHash? content = key is null ? null : IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        int fileCount = 0;
        foreach (LayerEntry entry in LayerTree.Complete(entries))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string name = entry.ContainerPath[1..];
            switch (entry.Type)
            {
                case LayerEntryType.Directory:
                    await output.WriteAsync(TarHeaderEncoder.Encode(Header(entry, name + "/", TarHeaderEncoder.Directory, 0, modificationTime)), cancellationToken).ConfigureAwait(false);
                    key?.Add(entry, 0, null);
                    break;
                case LayerEntryType.Symlink:
                    string target = entry.LinkTarget ?? throw new ArgumentException($"The symlink '{entry.ContainerPath}' has no target.", nameof(entries));
                    await output.WriteAsync(TarHeaderEncoder.Encode(Header(entry, name, TarHeaderEncoder.SymbolicLink, 0, modificationTime) with { LinkName = target }), cancellationToken).ConfigureAwait(false);
                    key?.Add(entry, 0, null);
                    fileCount++;
                    break;
                default:
                    long size = await WriteFileAsync(entry, name, modificationTime, output, content, cancellationToken).ConfigureAwait(false);
                    key?.Add(entry, size, Digest.FromSha256Hash(content!.GetHashAndReset()));
                    fileCount++;
                    break;
            }
        }

        await output.WriteZerosAsync(2 * TarHeaderEncoder.BlockSize, cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return fileCount;
    }

    private static TarHeaderFields Header(LayerEntry entry, string name, byte typeFlag, long size, long modificationTime)
    {
        if (entry.UserId < 0 || entry.GroupId < 0)
        {
            throw new ArgumentException($"'{entry.ContainerPath}' has a negative owner {entry.UserId}:{entry.GroupId}.", nameof(entry));
        }

        return new TarHeaderFields(name, typeFlag, entry.Mode, entry.UserId, entry.GroupId, size, modificationTime, LinkName: null);
    }

    /// <summary>Opens a file entry's source with no FileStream buffer (the bytes are read straight into the caller's buffer).</summary>
    internal static FileStream OpenSource(LayerEntry entry)
    {
        string sourcePath = entry.SourcePath ?? throw new ArgumentException($"The file '{entry.ContainerPath}' has no source path.", nameof(entry));
        try
        {
            return new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ContainerizeException(
                ErrorCodes.PublishedFileMissing,
                $"The file '{sourcePath}' for '{entry.ContainerPath}' does not exist.",
                "Publish again; if the file is produced by your build, make sure it exists before the image is built.",
                exception);
        }
    }

    /// <summary>Writes one file's header and bytes; returns its size. <paramref name="content"/>, when given, hashes the bytes.</summary>
    private static async Task<long> WriteFileAsync(LayerEntry entry, string name, long modificationTime, BlockBuffer output, IncrementalHash? content, CancellationToken cancellationToken)
    {
        FileStream source = OpenSource(entry);
        await using (source.ConfigureAwait(false))
        {
            long size = source.Length;
            await output.WriteAsync(TarHeaderEncoder.Encode(Header(entry, name, TarHeaderEncoder.RegularFile, size, modificationTime)), cancellationToken).ConfigureAwait(false);
            long copied = await output.CopyFromAsync(source, size, content, cancellationToken).ConfigureAwait(false);
            if (copied != size || await BlockBuffer.HasMoreAsync(source, cancellationToken).ConfigureAwait(false))
            {
                throw new ContainerizeException(
                    ErrorCodes.PublishedFileChanged,
                    $"The file '{source.Name}' changed size while it was read into the layer (expected {size} bytes).",
                    "Make sure nothing writes to the publish output while the image is built, then build again.");
            }

            await output.WriteZerosAsync((int)((TarHeaderEncoder.BlockSize - (size % TarHeaderEncoder.BlockSize)) % TarHeaderEncoder.BlockSize), cancellationToken).ConfigureAwait(false);
            return size;
        }
    }
}
