using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Containerize.Oci.Digests;
using Containerize.Oci.IO;
using Containerize.Oci.Model;

namespace Containerize.Oci.Validation;

/// <summary>
/// Checks an OCI image layout folder for self-consistency, like go-containerregistry's validate: every blob re-hashed
/// and its size checked, every index and manifest followed, each layer's uncompressed digest compared with the
/// config's diff_id, counts matched, and one media-type family per manifest. Returns the problems; none means valid.
/// </summary>
public static class ImageLayoutValidator
{
    public static async Task<IReadOnlyList<string>> ValidateAsync(string layoutDirectory, CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        string layoutFile = Path.Combine(layoutDirectory, "oci-layout");
        if (!File.Exists(layoutFile) || !(await File.ReadAllTextAsync(layoutFile, cancellationToken).ConfigureAwait(false)).Contains("\"imageLayoutVersion\"", StringComparison.Ordinal))
        {
            problems.Add("oci-layout is missing or has no imageLayoutVersion");
        }

        string indexPath = Path.Combine(layoutDirectory, "index.json");
        if (!File.Exists(indexPath))
        {
            problems.Add("index.json is missing");
            return problems;
        }

        var checker = new Checker(layoutDirectory, problems);
        ImageIndex? index = checker.Parse<ImageIndex>(await File.ReadAllBytesAsync(indexPath, cancellationToken).ConfigureAwait(false), "index.json");
        if (index is not null)
        {
            await checker.CheckIndexAsync(index, "index.json", depth: 0, cancellationToken).ConfigureAwait(false);
        }

        return problems;
    }

    private sealed class Checker(string layoutDirectory, List<string> problems)
    {
        private readonly HashSet<Digest> _checkedLayers = [];

        public async Task CheckIndexAsync(ImageIndex index, string where, int depth, CancellationToken cancellationToken)
        {
            if (index.SchemaVersion != 2)
            {
                problems.Add($"{where}: schemaVersion is {index.SchemaVersion}, not 2");
            }

            foreach (Descriptor entry in index.Manifests)
            {
                byte[]? content = await ReadBlobAsync(entry, $"{where} entry", cancellationToken).ConfigureAwait(false);
                if (content is null)
                {
                    continue;
                }

                if (MediaTypes.IsIndex(entry.MediaType) && depth < 4)
                {
                    if (Parse<ImageIndex>(content, entry.Digest.ToString()) is { } nested)
                    {
                        await CheckIndexAsync(nested, entry.Digest.ToString(), depth + 1, cancellationToken).ConfigureAwait(false);
                    }
                }
                else if (MediaTypes.IsManifest(entry.MediaType))
                {
                    await CheckManifestAsync(entry, content, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    problems.Add($"{where} entry {entry.Digest}: media type '{entry.MediaType}' is neither a manifest nor an index");
                }
            }
        }

        private async Task CheckManifestAsync(Descriptor entry, byte[] content, CancellationToken cancellationToken)
        {
            string where = $"manifest {entry.Digest}";
            if (Parse<ImageManifest>(content, where) is not { } manifest)
            {
                return;
            }

            if (manifest.MediaType is { } mediaType && mediaType != entry.MediaType)
            {
                problems.Add($"{where}: mediaType '{mediaType}' differs from its descriptor's '{entry.MediaType}'");
            }

            if (manifest.ArtifactType is not null)
            {
                await CheckArtifactAsync(manifest, where, cancellationToken).ConfigureAwait(false);
                return;
            }

            bool docker = MediaTypes.IsDocker(manifest.MediaType ?? entry.MediaType);
            foreach (Descriptor descriptor in manifest.Layers.Append(manifest.Config).Where(descriptor => MediaTypes.IsDocker(descriptor.MediaType) != docker))
            {
                problems.Add($"{where}: {descriptor.Digest} has media type '{descriptor.MediaType}', another family than the manifest's");
            }

            byte[]? configBytes = await ReadBlobAsync(manifest.Config, $"{where} config", cancellationToken).ConfigureAwait(false);
            ImageConfig? config = configBytes is null ? null : Parse<ImageConfig>(configBytes, $"config {manifest.Config.Digest}");
            if (config is null)
            {
                return;
            }

            IReadOnlyList<Digest> diffIds = config.RootFileSystem.DiffIds;
            if (diffIds.Count != manifest.Layers.Count)
            {
                problems.Add($"{where}: {manifest.Layers.Count} layers but {diffIds.Count} diff_ids in the config");
            }

            int historyLayers = config.History?.Count(item => item.EmptyLayer != true) ?? diffIds.Count;
            if (historyLayers != diffIds.Count)
            {
                problems.Add($"{where}: {historyLayers} non-empty history entries but {diffIds.Count} diff_ids");
            }

            for (int i = 0; i < manifest.Layers.Count; i++)
            {
                await CheckLayerAsync(manifest.Layers[i], i < diffIds.Count ? diffIds[i] : null, where, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>An artifact (an SBOM referring to an image): every blob there with its digest, and its subject in the layout.</summary>
        private async Task CheckArtifactAsync(ImageManifest manifest, string where, CancellationToken cancellationToken)
        {
            foreach (Descriptor blob in manifest.Layers.Prepend(manifest.Config))
            {
                await ReadBlobAsync(blob, $"{where} blob", cancellationToken).ConfigureAwait(false);
            }

            if (manifest.Subject is { } subject && !File.Exists(Path.Combine(layoutDirectory, "blobs", subject.Digest.Algorithm, subject.Digest.Encoded)))
            {
                problems.Add($"{where}: its subject {subject.Digest} is not in the layout");
            }
        }

        private async Task CheckLayerAsync(Descriptor layer, Digest? diffId, string where, CancellationToken cancellationToken)
        {
            string path = Path.Combine(layoutDirectory, "blobs", layer.Digest.Algorithm, layer.Digest.Encoded);
            if (!File.Exists(path))
            {
                problems.Add($"{where}: layer blob {layer.Digest} is missing");
                return;
            }

            if (!_checkedLayers.Add(layer.Digest))
            {
                return;
            }

            using var uncompressedHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            BlobMismatch? mismatch = null;
            var verifying = new VerifyingReadStream(File.OpenRead(path), layer.Digest, layer.Size, found =>
            {
                mismatch = found;
                return new InvalidDataException(found.Describe());
            });
            await using (verifying.ConfigureAwait(false))
            {
                bool gzip = layer.MediaType.EndsWith("gzip", StringComparison.Ordinal);
                try
                {
                    Stream uncompressed = gzip ? new GZipStream(verifying, CompressionMode.Decompress, leaveOpen: true) : verifying;
                    byte[] buffer = new byte[81920];
                    int read;
                    while ((read = await uncompressed.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        uncompressedHash.AppendData(buffer, 0, read);
                    }

                    // Drain what gzip did not need, so the blob digest covers every byte.
                    while (await verifying.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
                    {
                    }
                }
                catch (InvalidDataException exception) when (mismatch is null)
                {
                    problems.Add($"{where}: layer {layer.Digest} does not decompress: {exception.Message}");
                    return;
                }
                catch (InvalidDataException)
                {
                }
            }

            if (mismatch is { } found)
            {
                problems.Add($"{where}: layer blob {layer.Digest} {found.Describe()}");
                return;
            }

            Digest uncompressedDigest = Digest.FromSha256Hash(uncompressedHash.GetHashAndReset());
            if (diffId is { } expected && uncompressedDigest != expected)
            {
                problems.Add($"{where}: layer {layer.Digest} uncompresses to {uncompressedDigest} but the config's diff_id is {expected}");
            }
        }

        private async Task<byte[]?> ReadBlobAsync(Descriptor descriptor, string what, CancellationToken cancellationToken)
        {
            string path = Path.Combine(layoutDirectory, "blobs", descriptor.Digest.Algorithm, descriptor.Digest.Encoded);
            if (!File.Exists(path))
            {
                problems.Add($"{what}: blob {descriptor.Digest} is missing");
                return null;
            }

            byte[] content = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            Digest actual = Digest.ComputeSha256(content);
            if (actual != descriptor.Digest)
            {
                problems.Add($"{what}: blob {descriptor.Digest} hashes to {actual}");
            }

            if (content.LongLength != descriptor.Size)
            {
                problems.Add($"{what}: blob {descriptor.Digest} has {content.LongLength} bytes but its descriptor says {descriptor.Size}");
            }

            return content;
        }

        public T? Parse<T>(byte[] json, string what)
            where T : class
        {
            try
            {
                return OciJson.Deserialize<T>(json);
            }
            catch (JsonException exception)
            {
                problems.Add($"{what}: not a valid {typeof(T).Name}: {exception.Message}");
                return null;
            }
        }
    }
}
