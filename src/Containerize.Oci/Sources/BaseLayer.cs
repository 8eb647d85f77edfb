using Containerize.Oci.Digests;
using Containerize.Oci.Layers;
using Containerize.Oci.Model;

namespace Containerize.Oci.Sources;

/// <summary>A layer of a base image: known from its manifest and config, its bytes read from the base's source only when asked.</summary>
public sealed record BaseLayer(Descriptor Descriptor, Digest DiffId, IBlobSource Blobs) : ILayer
{
    public Task<Stream> OpenCompressedAsync(CancellationToken cancellationToken) => Blobs.OpenBlobAsync(Descriptor, cancellationToken);

    public async Task<Stream> OpenUncompressedAsync(CancellationToken cancellationToken) =>
        await LayerDecompression.OpenTarAsync(await OpenCompressedAsync(cancellationToken).ConfigureAwait(false), Descriptor.Digest, cancellationToken).ConfigureAwait(false);
}
