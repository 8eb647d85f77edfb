using System.Globalization;
using Containerize.Oci.Digests;
using Containerize.Oci.References;
using Containerize.Oci.Storage;

namespace Containerize.Oci.Registry;

/// <summary>
/// A machine-wide memory of upload sessions a push left open (killed, or cut off between chunks), so the next push of
/// the same blob can ask the registry how far it got and send only the rest. One file per registry and blob:
/// <c>registries/HOST/upload-HEX</c> with four lines (repository, upload Location, bytes the registry had taken, when,
/// in Unix seconds). Files are replaced by rename. A location whose query holds anything that looks like a credential
/// is never kept. A wrong record costs one status request and a restart, never a broken push: the registry checks the
/// digest at the end.
/// </summary>
public sealed class UploadSessions
{
    private const string Folder = "registries";
    private const string Prefix = "upload-";

    /// <param name="rootDirectory">The cache folder (ContainerizeCacheDirectory); the records live in its <c>registries</c> folder.</param>
    public UploadSessions(string rootDirectory)
    {
        RootDirectory = Path.Combine(Path.GetFullPath(rootDirectory), Folder);
    }

    /// <summary>The <c>registries</c> folder itself.</summary>
    public string RootDirectory { get; }

    public string GetPath(string registry, Digest digest) => Path.Combine(RootDirectory, BlobLocations.EscapeHost(registry), Prefix + digest.Encoded);

    /// <summary>The session recorded for <paramref name="digest"/> in <paramref name="repository"/>, or null.</summary>
    public UploadSession? Find(string registry, string repository, Digest digest)
    {
        try
        {
            string[] lines = File.ReadAllLines(GetPath(registry, digest));
            return lines.Length >= 4
                && lines[0] == repository && ReferenceGrammar.IsValidRepository(lines[0])
                && Uri.TryCreate(lines[1], UriKind.Absolute, out Uri? location) && location.Scheme is "http" or "https" && IsSafeToKeep(location)
                && long.TryParse(lines[2], NumberStyles.None, CultureInfo.InvariantCulture, out long offset)
                && long.TryParse(lines[3], NumberStyles.None, CultureInfo.InvariantCulture, out long when)
                ? new UploadSession(location, offset, DateTimeOffset.FromUnixTimeSeconds(when))
                : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Records that the session at <paramref name="location"/> holds the first <paramref name="offset"/> bytes. A location that may carry a credential is not kept.</summary>
    public void Record(string registry, string repository, Digest digest, Uri location, long offset)
    {
        if (!IsSafeToKeep(location))
        {
            Forget(registry, digest);
            return;
        }

        StoreFiles.TryWriteTextByRename(
            GetPath(registry, digest),
            string.Create(CultureInfo.InvariantCulture, $"{repository}\n{location.AbsoluteUri}\n{offset}\n{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}\n"));
    }

    /// <summary>Drops the record (the blob is complete, or the session is gone).</summary>
    public void Forget(string registry, Digest digest) => StoreFiles.TryDelete(new FileInfo(GetPath(registry, digest)));

    /// <summary>
    /// No user information, and no query parameter whose name suggests a credential (presigned URLs of S3, GCS and
    /// Azure carry signatures and tokens). Distribution's <c>_state</c> is the registry's own signed bookkeeping
    /// (repository, session id, offset, start time) and grants nothing by itself.
    /// </summary>
    internal static bool IsSafeToKeep(Uri location)
    {
        if (!string.IsNullOrEmpty(location.UserInfo))
        {
            return false;
        }

        foreach (string pair in location.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            string name = Uri.UnescapeDataString(pair.Split('=')[0]).ToLowerInvariant();
            if (name.StartsWith("x-amz-", StringComparison.Ordinal) || name.StartsWith("x-goog-", StringComparison.Ordinal)
                || name is "sig" or "signature" or "se" or "sv" or "sp" or "st" or "skoid" or "sktid"
                || name.Contains("token", StringComparison.Ordinal) || name.Contains("key", StringComparison.Ordinal)
                || name.Contains("auth", StringComparison.Ordinal) || name.Contains("credential", StringComparison.Ordinal)
                || name.Contains("secret", StringComparison.Ordinal) || name.Contains("password", StringComparison.Ordinal)
                || name.Contains("session", StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>An upload session recorded in the cache: where it is, how many bytes the registry had taken, and when.</summary>
public sealed record UploadSession(Uri Location, long Offset, DateTimeOffset RecordedAt);
