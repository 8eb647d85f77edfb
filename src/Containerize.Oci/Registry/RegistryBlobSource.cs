using Containerize.Oci.Building;
using Containerize.Oci.Model;
using Containerize.Oci.Storage;

namespace Containerize.Oci.Registry;

/// <summary>Reads a registry image's blobs through the local cache: downloaded once, verified, then read from disk.</summary>
internal sealed class RegistryBlobSource(RegistryClient client, string repository, LocalBlobStore cache) : IBlobSource
{
    public async Task<Stream> OpenBlobAsync(Descriptor descriptor, CancellationToken cancellationToken)
    {
        await client.BlobPuller.DownloadAsync(repository, descriptor, cache, cancellationToken).ConfigureAwait(false);
        return cache.OpenRead(descriptor.Digest);
    }
}
