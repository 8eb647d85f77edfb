using Containerize.Oci.Registry.Credentials;
using Containerize.Oci.Registry.Transport;

namespace Containerize.Oci.Registry;

/// <summary>How the registry client connects, authenticates, retries and uploads. The defaults suit real registries.</summary>
public sealed record RegistryOptions
{
    /// <summary>
    /// Registries (<c>host</c> or <c>host:port</c>) that may be reached over plain HTTP or HTTPS with an untrusted
    /// certificate. Loopback hosts may always use plain HTTP (their certificates are still checked).
    /// <c>DOTNET_CONTAINER_INSECURE_REGISTRIES</c> (separated by <c>;</c> or <c>,</c>, as the SDK reads it) is added to this list.
    /// </summary>
    public IReadOnlyList<string> InsecureRegistries { get; init; } = [];

    /// <summary>A PEM file of extra certificate authorities trusted for HTTPS, besides the system's.</summary>
    public string? TrustedCertificateAuthorityFile { get; init; }

    /// <summary>Credentials given by a library caller; tried before the environment and the Docker config. The MSBuild tasks never set it (properties land in logs).</summary>
    public RegistryCredential? Credential { get; init; }

    /// <summary>Upload every blob in chunks even when the registry takes monolithic uploads.</summary>
    public bool ForceChunkedUpload { get; init; }

    /// <summary>The chunk size for chunked uploads; raised to 5 MiB (or the registry's minimum) when smaller.</summary>
    public int ChunkSize { get; init; } = MinimumChunkSize;

    /// <summary>How many blobs are checked, mounted or uploaded at once.</summary>
    public int MaxParallelUploads { get; init; } = 4;

    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    /// <summary>A request fails when no byte moves for this long (no fixed limit on the whole transfer).</summary>
    public TimeSpan InactivityTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long one registry operation (a request with its retries, a blob upload or download with its restarts) may
    /// spend waiting and retrying: no attempt starts, and no wait for an answer lasts, past it. Bytes that keep
    /// moving are never cut off by it; the inactivity timeout watches those.
    /// </summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A proxy to use instead of the system's (<c>HTTPS_PROXY</c>, <c>HTTP_PROXY</c>, <c>NO_PROXY</c>); null uses the system's.</summary>
    public System.Net.IWebProxy? Proxy { get; init; }

    /// <summary>Reads environment variables; replaceable in tests.</summary>
    public Func<string, string?> EnvironmentVariables { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The user's home folder, where <c>.docker/config.json</c> is looked up; replaceable in tests.</summary>
    public string? HomeDirectory { get; init; } = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    public const int MinimumChunkSize = 5 * 1024 * 1024;
}
