using System.Collections.Concurrent;
using Containerize.Oci.Digests;
using Containerize.Oci.Errors;
using Containerize.Oci.Logging;

namespace Containerize.Oci.Storage;

/// <summary>
/// Reads blobs of a store whose content can be made again (downloaded, or built from files). Before a blob is first
/// read in a build, the stored copy is hashed once; a damaged copy is reported (<see cref="ErrorCodes.CacheEntryDamaged"/>),
/// deleted and made again, so no damaged byte reaches an image and nothing needs deleting by hand. A blob made in
/// this build was verified while it was written and is not hashed again. Every read goes through the store's verifying reader.
/// </summary>
internal sealed class RepairingBlobReader
{
    private readonly LocalBlobStore _store;
    private readonly IBuildLog _log;
    private readonly ConcurrentDictionary<Digest, Lazy<Task>> _ready = new();

    public RepairingBlobReader(LocalBlobStore store, IBuildLog log)
    {
        _store = store;
        _log = log;
    }

    /// <summary>Opens the blob, first making sure the store holds it intact.</summary>
    /// <param name="what">What the blob is, for the warning ("Layer app", "Base layer sha256:…").</param>
    /// <param name="make">Writes the blob into the store (a download, a build); called when it is missing or damaged.</param>
    /// <param name="remedy">What making it again means, for the warning ("downloaded again", "built again from its files").</param>
    public async Task<Stream> OpenAsync(Digest digest, long size, string what, Func<CancellationToken, Task> make, string remedy, CancellationToken cancellationToken)
    {
        await EnsureAsync(digest, size, what, make, remedy, cancellationToken).ConfigureAwait(false);
        return _store.OpenRead(digest, size);
    }

    /// <summary>Makes sure the store holds the blob intact, once per digest for this reader's life.</summary>
    public Task EnsureAsync(Digest digest, long size, string what, Func<CancellationToken, Task> make, string remedy, CancellationToken cancellationToken) =>
        _ready.GetOrAdd(digest, _ => new Lazy<Task>(() => RepairAsync(digest, size, what, make, remedy))).Value.WaitAsync(cancellationToken);

    /// <summary>Records a blob this build has just written and verified, so its first read does not hash it again.</summary>
    public void MarkWritten(Digest digest) => _ready.TryAdd(digest, new Lazy<Task>(Task.CompletedTask));

    private async Task RepairAsync(Digest digest, long size, string what, Func<CancellationToken, Task> make, string remedy)
    {
        // Not the first caller's token: other callers wait on this same check, and one canceled read must not fail theirs.
        string? damage = await _store.FindDamageAsync(digest, size, CancellationToken.None).ConfigureAwait(false);
        if (damage is null)
        {
            _store.Touch(digest);
            return;
        }

        if (_store.Contains(digest))
        {
            _log.Warning(ErrorCodes.CacheEntryDamaged,
                $"{what}: the cached copy '{_store.GetPath(digest)}' {damage}; it was removed and {remedy}.");
            _store.Delete(digest);
        }

        await make(CancellationToken.None).ConfigureAwait(false);
    }
}
