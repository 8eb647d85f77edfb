using Containerize.Oci.Digests;
using Containerize.Oci.Model;
using Containerize.Oci.Storage;

namespace Containerize.Oci.Building;

/// <summary>Reads a built image's blobs: config and manifest from memory, our layers from the blob store, the rest from the base.</summary>
internal sealed class BuiltImageBlobSource : IBlobSource
{
    private readonly LocalBlobStore _store;
    private readonly IBlobSource _baseBlobs;
    private readonly Dictionary<Digest, byte[]> _inMemory;

    public BuiltImageBlobSource(LocalBlobStore store, IBlobSource baseBlobs, IEnumerable<(Descriptor Descriptor, byte[] Content)> inMemory)
    {
        _store = store;
        _baseBlobs = baseBlobs;
        _inMemory = inMemory.ToDictionary(item => item.Descriptor.Digest, item => item.Content);
    }

    public Task<Stream> OpenBlobAsync(Descriptor descriptor, CancellationToken cancellationToken)
    {
        if (_inMemory.TryGetValue(descriptor.Digest, out byte[]? content))
        {
            return Task.FromResult<Stream>(new MemoryStream(content, writable: false));
        }

        if (_store.Contains(descriptor.Digest))
        {
            return Task.FromResult(_store.OpenRead(descriptor.Digest));
        }

        return _baseBlobs.OpenBlobAsync(descriptor, cancellationToken);
    }
}
