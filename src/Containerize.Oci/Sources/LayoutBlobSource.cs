using Containerize.Oci.Building;
using Containerize.Oci.Digests;
using Containerize.Oci.Errors;
using Containerize.Oci.IO;
using Containerize.Oci.Model;

namespace Containerize.Oci.Sources;

/// <summary>
/// Reads blobs of an OCI image layout (<c>blobs/&lt;algorithm&gt;/&lt;hex&gt;</c>, in a folder or an archive), every one
/// through the verifying reader: a blob that does not match its digest or size fails with
/// <see cref="ErrorCodes.BlobCorrupt"/> naming the file, whoever reads it.
/// </summary>
public sealed class LayoutBlobSource : IBlobSource
{
    private readonly ILayoutFiles _files;

    public LayoutBlobSource(string layoutDirectory)
        : this(new FolderLayoutFiles(Path.GetFullPath(layoutDirectory)))
    {
    }

    internal LayoutBlobSource(ILayoutFiles files)
    {
        _files = files;
    }

    public Task<Stream> OpenBlobAsync(Descriptor descriptor, CancellationToken cancellationToken)
    {
        string path = BlobPath(descriptor.Digest);
        if (!_files.Exists(path))
        {
            throw MissingBlob(descriptor.Digest, path);
        }

        return Task.FromResult<Stream>(new VerifyingReadStream(_files.Open(path), descriptor.Digest, descriptor.Size, mismatch => Corrupt(descriptor.Digest, path, mismatch)));
    }

    /// <summary>Reads a small blob (index, manifest, config) whole, verified like every other.</summary>
    public async Task<byte[]> ReadVerifiedAsync(Descriptor descriptor, CancellationToken cancellationToken)
    {
        Stream blob = await OpenBlobAsync(descriptor, cancellationToken).ConfigureAwait(false);
        await using (blob.ConfigureAwait(false))
        {
            using var content = new MemoryStream();
            await blob.CopyToAsync(content, cancellationToken).ConfigureAwait(false);
            return content.ToArray();
        }
    }

    private static string BlobPath(Digest digest) => $"blobs/{digest.Algorithm}/{digest.Encoded}";

    private ContainerizeException Corrupt(Digest digest, string path, BlobMismatch mismatch) =>
        new(ErrorCodes.BlobCorrupt,
            $"The base image's blob {digest} ({_files.Describe(path)}) is damaged: it {mismatch.Describe()}.",
            $"The base image '{_files.Location}' is damaged: copy it again (for example with skopeo copy), or use another base image.");

    private ContainerizeException MissingBlob(Digest digest, string path) =>
        new(ErrorCodes.InvalidBaseImageContent,
            $"The image layout has no blob {digest} (expected at {_files.Describe(path)}).",
            "The layout is incomplete: copy the base image again (for example with skopeo copy).");
}
