using Containerize.Oci.Digests;
using Containerize.Oci.Model;

namespace Containerize.Oci.Building;

/// <summary>Reads a built image's blobs by descriptor: config and manifest from memory, every layer through its own <see cref="ILayer"/>.</summary>
internal sealed class BuiltImageBlobSource : IBlobSource
{
    private readonly Dictionary<Digest, ILayer> _layers = [];
    private readonly Dictionary<Digest, byte[]> _inMemory;

    public BuiltImageBlobSource(IEnumerable<ILayer> layers, IEnumerable<(Descriptor Descriptor, byte[] Content)> inMemory)
    {
        foreach (ILayer layer in layers)
        {
            _layers.TryAdd(layer.Descriptor.Digest, layer);
        }

        _inMemory = inMemory.ToDictionary(item => item.Descriptor.Digest, item => item.Content);
    }

    public Task<Stream> OpenBlobAsync(Descriptor descriptor, CancellationToken cancellationToken)
    {
        if (_inMemory.TryGetValue(descriptor.Digest, out byte[]? content))
        {
            return Task.FromResult<Stream>(new MemoryStream(content, writable: false));
        }

        if (_layers.TryGetValue(descriptor.Digest, out ILayer? layer))
        {
            return layer.OpenCompressedAsync(cancellationToken);
        }

        throw new InvalidOperationException($"The image has no blob {descriptor.Digest}.");
    }
}
