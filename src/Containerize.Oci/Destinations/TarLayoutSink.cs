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
    private readonly HashSet<Digest> _written = [];

    /// <param name="archive">A seekable stream (the archive's temporary file).</param>
    public TarLayoutSink(Stream archive)
    {
        _writer = new TarWriter(archive, TarEntryFormat.Ustar, leaveOpen: true);
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
    /// Streams the blob into its entry without staging it: the archive is a seekable file, so the writer fills in the
    /// entry's size after the data. Every blob source verifies as it is read, so a blob that is short, long or wrong
    /// fails here, and the archive, a temporary file, is never renamed into place.
    /// </summary>
    public async Task WriteBlobAsync(Descriptor descriptor, Func<CancellationToken, Task<Stream>> open, CancellationToken cancellationToken)
    {
        if (!_written.Add(descriptor.Digest))
        {
            return;
        }

        Stream source = await open(cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
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
