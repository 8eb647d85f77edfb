using Containerize.Oci.Building;
using Containerize.Oci.Digests;
using Containerize.Oci.Errors;
using Containerize.Oci.Model;

namespace Containerize.Oci.Sources;

/// <summary>Reads blobs from an OCI image layout folder (<c>blobs/&lt;algorithm&gt;/&lt;hex&gt;</c>).</summary>
public sealed class LayoutBlobSource : IBlobSource
{
    private readonly string _layoutDirectory;

    public LayoutBlobSource(string layoutDirectory)
    {
        _layoutDirectory = layoutDirectory;
    }

    public string GetPath(Digest digest) => Path.Combine(_layoutDirectory, "blobs", digest.Algorithm, digest.Encoded);

    public Task<Stream> OpenBlobAsync(Descriptor descriptor, CancellationToken cancellationToken)
    {
        string path = GetPath(descriptor.Digest);
        if (!File.Exists(path))
        {
            throw MissingBlob(descriptor.Digest, path);
        }

        return Task.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan));
    }

    /// <summary>Reads a small blob (index, manifest, config) whole and checks it against its digest and size.</summary>
    public async Task<byte[]> ReadVerifiedAsync(Descriptor descriptor, CancellationToken cancellationToken)
    {
        string path = GetPath(descriptor.Digest);
        if (!File.Exists(path))
        {
            throw MissingBlob(descriptor.Digest, path);
        }

        byte[] content = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        Digest actual = Digest.ComputeSha256(content);
        if (actual != descriptor.Digest || content.LongLength != descriptor.Size)
        {
            throw new ContainerizeException(
                ErrorCodes.BlobCorrupt,
                $"The blob '{path}' should be {descriptor.Digest} ({descriptor.Size} bytes) but is {actual} ({content.LongLength} bytes).",
                "The image layout is damaged: copy the base image again (for example with skopeo copy).");
        }

        return content;
    }

    private static ContainerizeException MissingBlob(Digest digest, string path) =>
        new(ErrorCodes.InvalidBaseImageContent,
            $"The image layout has no blob {digest} (expected at '{path}').",
            "The layout is incomplete: copy the base image again (for example with skopeo copy).");
}
