namespace Containerize.Oci.Registry;

/// <summary>
/// What the client has learned about one registry while talking to it, in one place: which scheme it speaks, whether
/// it refuses monolithic uploads (413: chunk from then on), the smallest chunk it takes, and whether it mounts blobs.
/// Learned from answers, never from the host's name. Thread-safe: blobs are pushed in parallel.
/// </summary>
internal sealed class RegistryCapabilities
{
    private volatile bool _needsChunkedUploads;
    private int _minimumChunkLength;
    private int _mountsAnswered;
    private int _mountsDone;

    /// <summary>The registry's scheme and authority (<c>https://host:port</c>), found by the first call; null before it.</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>True once the registry refused a whole blob in one PUT (413).</summary>
    public bool NeedsChunkedUploads => _needsChunkedUploads;

    /// <summary>The largest <c>OCI-Chunk-Min-Length</c> the registry has sent, or 0.</summary>
    public int MinimumChunkLength => Volatile.Read(ref _minimumChunkLength);

    /// <summary>Whether any mount was answered with 201 (null while no mount was asked).</summary>
    public bool? MountsBlobs => Volatile.Read(ref _mountsAnswered) == 0 ? null : Volatile.Read(ref _mountsDone) > 0;

    public void LearnNeedsChunkedUploads() => _needsChunkedUploads = true;

    public void LearnMinimumChunkLength(int length)
    {
        int known;
        while (length > (known = Volatile.Read(ref _minimumChunkLength)) && Interlocked.CompareExchange(ref _minimumChunkLength, length, known) != known)
        {
        }
    }

    public void LearnMount(bool mounted)
    {
        Interlocked.Increment(ref _mountsAnswered);
        if (mounted)
        {
            Interlocked.Increment(ref _mountsDone);
        }
    }
}
