using Containerize.Oci.Model;

namespace Containerize.Oci.Destinations;

/// <summary>Where an OCI image layout's files go: a folder or a tar. Paths are relative and use '/'.</summary>
internal interface ILayoutSink
{
    Task WriteDirectoryAsync(string path, CancellationToken cancellationToken);

    Task WriteFileAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Writes a blob under <c>blobs/</c> unless the sink already has it; <paramref name="open"/> is called only when needed.</summary>
    Task WriteBlobAsync(Descriptor descriptor, Func<CancellationToken, Task<Stream>> open, CancellationToken cancellationToken);
}
