using Containerize.Oci.Building;
using Containerize.Oci.Model;
using Containerize.Oci.Storage;

namespace Containerize.Oci.Registry;

/// <summary>
/// Reads a registry image's blobs through the local cache: downloaded once (verified as it streams in), then read from
/// disk through the <see cref="RepairingBlobReader"/>, so a damaged cached copy is downloaded again.
/// </summary>
internal sealed class RegistryBlobSource(RegistryClient client, string repository, LocalBlobStore cache, RepairingBlobReader reader) : IBlobSource
{
    public Task<Stream> OpenBlobAsync(Descriptor descriptor, CancellationToken cancellationToken) =>
        reader.OpenAsync(descriptor.Digest, descriptor.Size, $"Blob {descriptor.Digest} of '{client.Registry}/{repository}'",
            async token =>
            {
                await client.BlobPuller.DownloadAsync(repository, descriptor, cache, token, $"base blob {descriptor.Digest.ToString()[..19]}…").ConfigureAwait(false);
                reader.MarkWritten(descriptor.Digest);
            },
            "it was downloaded again", cancellationToken);
}
