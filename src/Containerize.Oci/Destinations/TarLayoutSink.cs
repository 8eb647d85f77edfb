using System.Formats.Tar;
using Containerize.Oci.Building;
using Containerize.Oci.Digests;
using Containerize.Oci.Errors;
using Containerize.Oci.Model;

namespace Containerize.Oci.Destinations;

/// <summary>
/// Writes layout files as a deterministic tar: ustar entries (every path is short) with one fixed mtime, owner 0:0,
/// no user or group names, 0644 files and 0755 directories.
/// </summary>
internal sealed class TarLayoutSink : ILayoutSink, IAsyncDisposable
{
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode DirectoryMode = FileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private readonly TarWriter _writer;
    private readonly bool _archiveSeekable;
    private readonly string? _scratchDirectory;
    private readonly HashSet<Digest> _written = [];

    /// <param name="archive">The archive's temporary file, or a pipe (a local engine's standard input).</param>
    /// <param name="scratchDirectory">Where a blob is staged when neither the archive nor the blob's stream can seek, so the entry's size is known up front.</param>
    public TarLayoutSink(Stream archive, string? scratchDirectory = null)
    {
        _writer = new TarWriter(archive, TarEntryFormat.Ustar, leaveOpen: true);
        _archiveSeekable = archive.CanSeek;
        _scratchDirectory = scratchDirectory;
    }

    public Task WriteDirectoryAsync(string path, CancellationToken cancellationToken) =>
        _writer.WriteEntryAsync(NewEntry(TarEntryType.Directory, path + "/", DirectoryMode), cancellationToken);

    public async Task WriteFileAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        UstarTarEntry entry = NewEntry(TarEntryType.RegularFile, path, FileMode);
        entry.DataStream = new MemoryStream(content.ToArray(), writable: false);
        await _writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Streams the blob into its entry: into a seekable archive directly (the writer fills in the entry's size after the
    /// data); into a pipe after staging it in the scratch folder. Every blob source verifies as it is read, so a blob that
    /// is short, long or wrong fails here, and a file archive, a temporary file, is never renamed into place.
    /// </summary>
    public async Task WriteBlobAsync(Descriptor descriptor, Func<CancellationToken, Task<Stream>> open, CancellationToken cancellationToken)
    {
        if (!_written.Add(descriptor.Digest))
        {
            return;
        }

        Stream source = await open(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_archiveSeekable && !source.CanSeek)
            {
                string staged = Path.Combine(_scratchDirectory ?? Path.GetTempPath(), "blob.tmp-" + Guid.NewGuid().ToString("N"));
                FileStream file = new(staged, System.IO.FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
                await source.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                await source.DisposeAsync().ConfigureAwait(false);
                file.Position = 0;
                source = file;
            }

            if (source.CanSeek && source.Length != descriptor.Size)
            {
                throw new ContainerizeException(
                    ErrorCodes.BlobCorrupt,
                    $"The blob {descriptor.Digest} has {source.Length} bytes but its descriptor says {descriptor.Size}.",
                    "Build again; if it repeats, report it with the build log.");
            }

            UstarTarEntry entry = NewEntry(TarEntryType.RegularFile, OciLayoutContent.BlobPath(descriptor), FileMode);
            entry.DataStream = source;
            await _writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await source.DisposeAsync().ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private static UstarTarEntry NewEntry(TarEntryType type, string path, UnixFileMode mode) => new(type, path)
    {
        Mode = mode,
        ModificationTime = ReproducibleDefaults.Timestamp,
        Uid = 0,
        Gid = 0,
        UserName = "",
        GroupName = "",
    };
}
