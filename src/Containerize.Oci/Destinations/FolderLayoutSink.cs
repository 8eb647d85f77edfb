using Containerize.Oci.IO;
using Containerize.Oci.Model;

namespace Containerize.Oci.Destinations;

/// <summary>
/// Writes layout files into a folder. Every file appears by a rename once complete; a blob already there is kept when it
/// hashes to its name, and replaced when it does not; <c>index.json</c> is held back and written last, so the index
/// never names a missing or damaged blob.
/// </summary>
internal sealed class FolderLayoutSink : ILayoutSink
{
    private readonly string _root;
    private byte[]? _index;

    public FolderLayoutSink(string root)
    {
        _root = root;
    }

    public Task WriteDirectoryAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.Combine(_root, path));
        return Task.CompletedTask;
    }

    public async Task WriteFileAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (path == "index.json")
        {
            _index = content.ToArray();
            return;
        }

        await WriteAtomicallyAsync(path, async stream => await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
    }

    public async Task WriteBlobAsync(Descriptor descriptor, Func<CancellationToken, Task<Stream>> open, CancellationToken cancellationToken)
    {
        string path = OciLayoutContent.BlobPath(descriptor);
        var existing = new FileInfo(Path.Combine(_root, path));
        if (existing.Exists && existing.Length == descriptor.Size
            && await VerifyingReadStream.FindMismatchAsync(existing.OpenRead(), descriptor.Digest, descriptor.Size, cancellationToken).ConfigureAwait(false) is null)
        {
            return;
        }

        await WriteAtomicallyAsync(path, async stream =>
        {
            Stream source = await open(cancellationToken).ConfigureAwait(false);
            await using (source.ConfigureAwait(false))
            {
                await source.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    /// <summary>Writes the held-back index.json.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (_index is { } index)
        {
            await WriteAtomicallyAsync("index.json", async stream => await stream.WriteAsync(index, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        }
    }

    private async Task WriteAtomicallyAsync(string path, Func<Stream, Task> write)
    {
        string finalPath = Path.Combine(_root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
        string temporaryPath = TemporaryFiles.Beside(finalPath);
        try
        {
            await using (FileStream stream = File.Create(temporaryPath))
            {
                await write(stream).ConfigureAwait(false);
            }

            File.Move(temporaryPath, finalPath, overwrite: true);
        }
        finally
        {
            TemporaryFiles.Discard(temporaryPath);
        }
    }
}
