namespace Containerize.Oci.Model;

/// <summary>Opens blobs by descriptor: a base image's source, the local blob store, a registry.</summary>
public interface IBlobSource
{
    Task<Stream> OpenBlobAsync(Descriptor descriptor, CancellationToken cancellationToken);
}
