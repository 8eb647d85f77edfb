using Containerize.Oci.Errors;
using Containerize.Oci.IO;

namespace Containerize.Oci.Sources;

/// <summary>
/// The files of an OCI image layout inside an uncompressed tar, read in place: the archive's headers are read once
/// (<see cref="TarIndex"/>, no data), and each file is a window of the archive. Nothing is unpacked, so no copy can go stale or pile up, and
/// every read sees the archive as it is now.
/// </summary>
internal sealed class ArchiveLayoutFiles : ILayoutFiles
{
    private readonly string _archivePath;
    private readonly Dictionary<string, (long Offset, long Length)> _entries;

    private ArchiveLayoutFiles(string archivePath, Dictionary<string, (long Offset, long Length)> entries)
    {
        _archivePath = archivePath;
        _entries = entries;
    }

    public string Location => _archivePath;

    /// <summary>Reads the archive's table of entries.</summary>
    public static async Task<ArchiveLayoutFiles> OpenAsync(string archivePath, CancellationToken cancellationToken)
    {
        Dictionary<string, (long Offset, long Length)> entries;
        try
        {
            var archive = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous);
            await using (archive.ConfigureAwait(false))
            {
                entries = await TarIndex.ReadAsync(archive, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or FormatException or EndOfStreamException or OverflowException or ArgumentException)
        {
            throw new ContainerizeException(
                ErrorCodes.InvalidBaseImageContent,
                $"The base image archive '{archivePath}' could not be read as a tar: {exception.Message}",
                "Check that it is an uncompressed tar of an OCI image layout (skopeo's oci-archive: format).",
                exception);
        }

        return new ArchiveLayoutFiles(archivePath, entries);
    }

    public string Describe(string relativePath) => $"'{relativePath}' in '{_archivePath}'";

    public bool Exists(string relativePath) => _entries.ContainsKey(relativePath);

    public Stream Open(string relativePath)
    {
        (long offset, long length) = _entries[relativePath];
        var archive = new FileStream(_archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return new SliceReadStream(archive, offset, length);
    }
}
