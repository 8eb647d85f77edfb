using System.Collections.Concurrent;
using System.Text;
using Containerize.Oci.Building;
using Containerize.Oci.Digests;
using Containerize.Oci.Logging;
using Containerize.Oci.Errors;
using Containerize.Oci.Model;
using Containerize.Oci.References;
using Containerize.Oci.Registry;
using Containerize.Oci.Registry.Credentials;
using Containerize.Oci.Registry.Steps;
using Containerize.Oci.Storage;

namespace Containerize.Oci.Destinations;

/// <summary>
/// Pushes built images to a registry repository: every blob HEAD-checked, then mounted from a repository of the same
/// registry known to hold it (<see cref="MountSources"/>) or uploaded, a few at a time and each digest once; then the
/// config; then the manifest by digest; only then the tags, so no tag ever names an incomplete image.
/// </summary>
public sealed class RegistryDestination : IImageDestination, IDisposable
{
    private readonly RegistryClient _client;
    private readonly RegistryOptions _options;
    private readonly IBuildLog _log;
    private readonly ConcurrentDictionary<Digest, Lazy<Task<BlobPushOutcome>>> _blobs = new();

    public RegistryDestination(string registry, string repository, RegistryOptions options, IBuildLog log)
    {
        ReferenceGrammar.ValidateRepository(repository);
        Registry = registry;
        Repository = repository;
        _options = options;
        _log = log;
        _client = new RegistryClient(registry, options, RegistryAccess.Push, log);
    }

    public string Registry { get; }

    public string Repository { get; }

    /// <summary>A repository of the same registry to mount layers from; by default the base image's, when it is on this registry.</summary>
    public string? MountSourceRepository { get; init; }

    /// <summary>Where blobs were seen before, to mount them from there; null remembers nothing (only the base and <see cref="MountSourceRepository"/> are tried).</summary>
    public BlobLocations? BlobLocations { get; init; }

    /// <summary>After a push, the digest reference is written here (temp-then-rename), for CI steps that deploy by digest; null writes none.</summary>
    public string? DigestFilePath { get; init; }

    /// <summary>Where upload sessions are recorded so a large blob cut off in one push resumes in the next (null: no resume).</summary>
    public UploadSessions? UploadSessions { get; init; }

    /// <summary>How many bearer tokens this destination fetched (for tests of the token cache).</summary>
    internal int TokensFetched => _client.Caller.Authenticator.TokensFetched;

    /// <summary>Pushes the image or index and tags it with the tags of <paramref name="names"/> (all of this destination's repository).</summary>
    public async Task<IReadOnlyList<DestinationResult>> SendAsync(PublishableImage image, IReadOnlyList<ImageName> names, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> tags = ImageName.TagsOf(names, Repository);
        RegistryPushResult result = image.IsIndex
            ? await PushIndexAsync(image.Images, image.Root, image.RootBytes, tags, cancellationToken).ConfigureAwait(false)
            : await PushAsync(image.Images[0], tags, cancellationToken).ConfigureAwait(false);
        foreach (ImageReferrer referrer in image.Referrers)
        {
            await PushReferrerAsync(referrer, cancellationToken).ConfigureAwait(false);
        }

        if (DigestFilePath is not null)
        {
            await WriteDigestFileAsync(result.DigestReference, DigestFilePath, cancellationToken).ConfigureAwait(false);
        }

        string pushed = $"{result.Registry}/{result.Repository}";
        var steps = new List<string> { $"tags: {string.Join(", ", tags.Select(tag => $"{pushed}:{tag}"))}" };
        if (DigestFilePath is not null)
        {
            steps.Add($"digest file: {DigestFilePath}");
        }

        steps.Add($"docker pull {result.DigestReference}");
        return [new DestinationResult($"Pushed {result.DigestReference}", steps) { Push = result, DigestFilePath = DigestFilePath }];
    }

    /// <summary>Pushes one single-platform image and tags it with each of <paramref name="tags"/>.</summary>
    public async Task<RegistryPushResult> PushAsync(BuiltImage image, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        ValidateTags(tags);
        MountSources mounts = CreateMountSources(image);
        if (await _client.ManifestChecker.ExistsAsync(Repository, image.Manifest, cancellationToken).ConfigureAwait(false))
        {
            // The same image is already there, so is every blob it names: one HEAD instead of one per blob, then the tags.
            _log.Detail($"Manifest {image.Manifest.Digest} is already in {Registry}/{Repository}; only its tags are pushed.");
            await PushTagsAsync(image.Manifest, image.ManifestBytes, tags, cancellationToken).ConfigureAwait(false);
            mounts.RecordPushed(image);
            return Report(image.Manifest.Digest, tags, ExistingBlobs(image));
        }

        IReadOnlyList<BlobPushOutcome> blobs = await PushImageBlobsAsync(image, mounts, cancellationToken).ConfigureAwait(false);
        await PushManifestAndTagsAsync(image.Manifest, image.ManifestBytes, tags, cancellationToken).ConfigureAwait(false);
        mounts.RecordPushed(image);
        return Report(image.Manifest.Digest, tags, blobs);
    }

    /// <summary>Pushes every platform image by digest, then the index (OCI) and its tags.</summary>
    public async Task<RegistryPushResult> PushIndexAsync(
        IReadOnlyList<BuiltImage> images, Descriptor index, byte[] indexBytes, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        ValidateTags(tags);
        var blobs = new List<BlobPushOutcome>();
        foreach (BuiltImage image in images)
        {
            MountSources mounts = CreateMountSources(image);
            blobs.AddRange(await PushImageBlobsAsync(image, mounts, cancellationToken).ConfigureAwait(false));
            await PushManifestAndTagsAsync(image.Manifest, image.ManifestBytes, [], cancellationToken).ConfigureAwait(false);
            mounts.RecordPushed(image);
        }

        await PushManifestAndTagsAsync(index, indexBytes, tags, cancellationToken).ConfigureAwait(false);
        return Report(index.Digest, tags, blobs.DistinctBy(blob => blob.Blob.Digest).ToList());
    }

    /// <summary>
    /// Pushes an artifact that refers to a pushed image (its SBOM): blobs, then its manifest by digest, then, where the
    /// registry has no referrers API, its entry in the subject's <c>sha256-HEX</c> tag. Only after the image, so it never
    /// names a subject that is not there.
    /// </summary>
    public async Task PushReferrerAsync(ImageReferrer referrer, CancellationToken cancellationToken)
    {
        foreach ((Descriptor blob, byte[] bytes) in referrer.Blobs)
        {
            if (!await _client.BlobChecker.ExistsAsync(Repository, blob, cancellationToken).ConfigureAwait(false))
            {
                await _client.BlobUploader.UploadAsync(
                    Repository, blob, _ => Task.FromResult<Stream>(new MemoryStream(bytes, writable: false)), null, $"referrer {blob.MediaType}", cancellationToken).ConfigureAwait(false);
            }
        }

        await _client.ManifestPusher.PushAsync(
            Repository, referrer.Manifest.Digest.ToString(), referrer.ManifestBytes, referrer.Manifest.MediaType, referrer.Manifest.Digest, cancellationToken).ConfigureAwait(false);
        if (await _client.ReferrersTagUpdater.HasReferrersApiAsync(Repository, referrer.Subject.Digest, cancellationToken).ConfigureAwait(false))
        {
            _log.Detail($"Pushed referrer {referrer.Manifest.Digest} of {referrer.Subject.Digest}; {Registry} lists it through its referrers API.");
            return;
        }

        await _client.ReferrersTagUpdater.AddAsync(Repository, referrer.Subject.Digest, referrer.IndexEntry, cancellationToken).ConfigureAwait(false);
        _log.Detail($"Pushed referrer {referrer.Manifest.Digest} of {referrer.Subject.Digest} and listed it in the tag {ReferrersTagUpdater.TagFor(referrer.Subject.Digest)} ({Registry} has no referrers API).");
    }

    private MountSources CreateMountSources(BuiltImage image) => new(image, Registry, Repository, MountSourceRepository, BlobLocations);

    private async Task<IReadOnlyList<BlobPushOutcome>> PushImageBlobsAsync(BuiltImage image, MountSources mounts, CancellationToken cancellationToken)
    {
        List<ILayer> layers = image.AllLayers.DistinctBy(layer => layer.Descriptor.Digest).ToList();
        var outcomes = new BlobPushOutcome[layers.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.MaxParallelUploads), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, layers.Count), parallel, async (i, token) =>
        {
            ILayer layer = layers[i];
            outcomes[i] = await PushBlobOnceAsync(layer.Descriptor, layer.OpenCompressedAsync, Label(layer), mounts, token).ConfigureAwait(false);
        }).ConfigureAwait(false);

        // The config goes after the layers: a registry that sees the config may already expect them.
        BlobPushOutcome config = await PushBlobOnceAsync(
            image.Config, _ => Task.FromResult<Stream>(new MemoryStream(image.ConfigBytes, writable: false)), "config", mounts, cancellationToken).ConfigureAwait(false);
        return [.. outcomes, config];
    }

    /// <summary>Pushes a digest at most once per destination, however many images or layers name it.</summary>
    /// <summary>What a layer is called in progress lines: our layers by name, base layers by digest.</summary>
    private static string Label(ILayer layer) =>
        layer is Layers.BuiltLayer built ? $"layer {built.Name}" : $"base layer {layer.Descriptor.Digest.ToString()[..19]}…";

    private async Task<BlobPushOutcome> PushBlobOnceAsync(
        Descriptor blob, Func<CancellationToken, Task<Stream>> open, string label, MountSources mounts, CancellationToken cancellationToken)
    {
        Lazy<Task<BlobPushOutcome>> push = _blobs.GetOrAdd(blob.Digest, _ => new(() => PushBlobAsync(blob, open, label, mounts, cancellationToken)));
        try
        {
            return await push.Value.ConfigureAwait(false);
        }
        catch
        {
            // A failed blob is tried afresh by a later push through this destination.
            _blobs.TryRemove(new KeyValuePair<Digest, Lazy<Task<BlobPushOutcome>>>(blob.Digest, push));
            throw;
        }
    }

    private async Task<BlobPushOutcome> PushBlobAsync(
        Descriptor blob, Func<CancellationToken, Task<Stream>> open, string label, MountSources mounts, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        BlobPushOutcome outcome = await CheckMountOrUploadAsync(blob, open, label, mounts, cancellationToken).ConfigureAwait(false);
        return outcome with { Duration = clock.Elapsed };
    }

    private async Task<BlobPushOutcome> CheckMountOrUploadAsync(
        Descriptor blob, Func<CancellationToken, Task<Stream>> open, string label, MountSources mounts, CancellationToken cancellationToken)
    {
        if (await _client.BlobChecker.ExistsAsync(Repository, blob, cancellationToken).ConfigureAwait(false))
        {
            _log.Detail($"Blob {blob.Digest} is already in {Registry}/{Repository}.");
            return new BlobPushOutcome(blob, BlobPushAction.Existed, 0);
        }

        // Parallel builds pushing one shared blob (a solution's apps on one runtime): one uploads, the others wait, then
        // mount it from where the first recorded it. Only with a record to share; without one there is nothing to find.
        using FileLock? held = BlobLocations is null ? null : await FileLock.AcquireAsync(PushLockPath(blob.Digest), cancellationToken).ConfigureAwait(false);
        if (held is not null && BlobLocations!.Find(Registry, blob.Digest).Contains(Repository, StringComparer.Ordinal)
            && await _client.BlobChecker.ExistsAsync(Repository, blob, cancellationToken).ConfigureAwait(false))
        {
            _log.Detail($"Blob {blob.Digest} was pushed to {Registry}/{Repository} by another build meanwhile.");
            return new BlobPushOutcome(blob, BlobPushAction.Existed, 0);
        }

        Uri? session = null;
        if (mounts.Find(blob.Digest) is not { } source)
        {
            _log.Detail($"Blob {blob.Digest} is in no repository of {Registry} we know of: uploading it without a mount.");
        }
        else
        {
            var mount = await TryMountAsync(blob, source, cancellationToken).ConfigureAwait(false);
            if (mount.Mounted)
            {
                _log.Detail($"Mounted blob {blob.Digest} from {Registry}/{source.Repository} ({source.Reason}).");
                return new BlobPushOutcome(blob, BlobPushAction.Mounted, 0);
            }

            _log.Detail($"Registry {Registry} did not mount blob {blob.Digest} from {source.Repository} ({source.Reason}): uploading it.");
            mounts.Forget(source, blob.Digest);
            session = mount.UploadLocation;
        }

        long sent = await _client.BlobUploader.UploadAsync(Repository, blob, open, session, label, cancellationToken, UploadSessions).ConfigureAwait(false);
        _log.Detail($"Uploaded blob {blob.Digest} ({blob.Size} bytes) to {Registry}/{Repository}.");

        // Recorded now, not after the whole image, so a build waiting on this blob mounts it.
        BlobLocations?.Record(Registry, Repository, [blob.Digest]);
        return new BlobPushOutcome(blob, BlobPushAction.Uploaded, sent);
    }

    /// <summary>One lock per registry and blob, beside the record of where blobs are (the cache folder), outside the trimmed files.</summary>
    private string PushLockPath(Digest digest)
    {
        string recorded = BlobLocations!.GetPath(Registry, digest);
        string host = Path.GetFileName(Path.GetDirectoryName(recorded)!);
        return Path.Combine(Path.GetDirectoryName(BlobLocations.RootDirectory)!, "locks", $"push-{host}-{digest.Encoded}");
    }

    private async Task PushManifestAndTagsAsync(Descriptor manifest, byte[] bytes, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        await _client.ManifestPusher.PushAsync(Repository, manifest.Digest.ToString(), bytes, manifest.MediaType, manifest.Digest, cancellationToken).ConfigureAwait(false);
        await PushTagsAsync(manifest, bytes, tags, cancellationToken).ConfigureAwait(false);
    }

    private async Task PushTagsAsync(Descriptor manifest, byte[] bytes, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        var written = new List<string>();
        foreach (string tag in tags)
        {
            try
            {
                await _client.ManifestPusher.PushAsync(Repository, tag, bytes, manifest.MediaType, manifest.Digest, cancellationToken).ConfigureAwait(false);
            }
            catch (ContainerizeException exception)
            {
                // The image is complete (pushed by digest); say which tags already point at it and which do not.
                string[] missing = tags.Skip(written.Count).ToArray();
                throw new ContainerizeException(exception.Code,
                    $"{exception.Message.TrimEnd('.')}. The image {Registry}/{Repository}@{manifest.Digest} is complete; tags written: {(written.Count == 0 ? "none" : string.Join(", ", written))}; not written: {string.Join(", ", missing)}.",
                    exception.Hint, exception);
            }

            written.Add(tag);
        }
    }

    /// <summary>What a push of an image the registry already has reports: every blob there, nothing read or sent.</summary>
    private static IReadOnlyList<BlobPushOutcome> ExistingBlobs(BuiltImage image) =>
        [
            .. image.AllLayers.Select(layer => layer.Descriptor).DistinctBy(layer => layer.Digest).Select(layer => new BlobPushOutcome(layer, BlobPushAction.Existed, 0)),
            new BlobPushOutcome(image.Config, BlobPushAction.Existed, 0),
        ];

    private static void ValidateTags(IReadOnlyList<string> tags)
    {
        foreach (string tag in tags)
        {
            ReferenceGrammar.ValidateTag(tag);
        }
    }

    /// <summary>
    /// A recorded repository may be one this credential cannot pull from (a shared cache, another team's push): the
    /// registry then refuses the mount, and the blob is uploaded as if nothing were known.
    /// </summary>
    private async Task<MountResult> TryMountAsync(Descriptor blob, MountSource source, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.BlobMounter.MountAsync(Repository, blob.Digest, source.Repository, cancellationToken).ConfigureAwait(false);
        }
        catch (ContainerizeException exception) when (source.IsRecorded
            && exception.Code is ErrorCodes.RegistryUnauthorized or ErrorCodes.RegistryForbidden or ErrorCodes.RegistryNameRejected)
        {
            _log.Detail($"Registry {Registry} refused to mount blob {blob.Digest} from {source.Repository}: {exception.Message}");
            return new MountResult(false, null);
        }
    }

    private RegistryPushResult Report(Digest digest, IReadOnlyList<string> tags, IReadOnlyList<BlobPushOutcome> blobs)
    {
        var result = new RegistryPushResult { Registry = Registry, Repository = Repository, Digest = digest, Tags = tags, Blobs = blobs };
        int uploaded = blobs.Count(b => b.Action == BlobPushAction.Uploaded);
        int mounted = blobs.Count(b => b.Action == BlobPushAction.Mounted);
        int existed = blobs.Count(b => b.Action == BlobPushAction.Existed);
        _log.Detail($"Pushed {result.DigestReference}" + (tags.Count > 0 ? $" as {string.Join(", ", tags)}" : string.Empty)
            + $": {uploaded} blobs uploaded ({result.BytesSent} bytes), {mounted} mounted, {existed} already there.");
        return result;
    }

    /// <summary>Temp-then-rename, so a deploy step never reads a half-written or stale reference.</summary>
    private static async Task WriteDigestFileAsync(string digestReference, string digestFilePath, CancellationToken cancellationToken)
    {
        string temporaryPath = $"{digestFilePath}.tmp-{Guid.NewGuid():N}";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(digestFilePath))!);
            await File.WriteAllTextAsync(temporaryPath, digestReference + "\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken).ConfigureAwait(false);
            File.Move(temporaryPath, digestFilePath, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(temporaryPath))
            {
                File.Delete(temporaryPath);
            }

            throw new ContainerizeException(ErrorCodes.OutputWriteFailed,
                $"The image was pushed as {digestReference}, but the digest file '{digestFilePath}' could not be written: {exception.Message}",
                "Check that the output folder (ContainerizeOutputDirectory) is writable; the push itself succeeded.", exception);
        }
    }

    public void Dispose() => _client.Dispose();
}
