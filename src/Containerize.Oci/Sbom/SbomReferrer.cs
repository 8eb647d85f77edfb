using System.Text;
using Containerize.Oci.Digests;
using Containerize.Oci.Model;

namespace Containerize.Oci.Sbom;

/// <summary>
/// Wraps an SBOM in an OCI 1.1 artifact manifest that refers to the image: <c>artifactType</c> the SBOM's media type,
/// the empty config (<c>{}</c>), one layer (the document), <c>subject</c> the image manifest.
/// </summary>
public static class SbomReferrer
{
    public const string EmptyMediaType = "application/vnd.oci.empty.v1+json";

    private static readonly byte[] s_empty = Encoding.UTF8.GetBytes("{}");

    public static ImageReferrer Create(byte[] document, string mediaType, Descriptor subject)
    {
        var config = new Descriptor { MediaType = EmptyMediaType, Digest = Digest.ComputeSha256(s_empty), Size = s_empty.Length };
        var layer = new Descriptor { MediaType = mediaType, Digest = Digest.ComputeSha256(document), Size = document.Length };
        var manifest = new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            ArtifactType = mediaType,
            Config = config,
            Layers = [layer],
            Subject = new Descriptor { MediaType = subject.MediaType, Digest = subject.Digest, Size = subject.Size },
        };
        byte[] bytes = OciJson.Serialize(manifest);
        var descriptor = new Descriptor { MediaType = MediaTypes.OciManifest, Digest = Digest.ComputeSha256(bytes), Size = bytes.Length };
        return new ImageReferrer
        {
            Manifest = descriptor,
            ManifestBytes = bytes,
            Blobs = [(config, s_empty), (layer, document)],
            Subject = manifest.Subject,
            IndexEntry = descriptor with { ArtifactType = mediaType },
        };
    }
}
