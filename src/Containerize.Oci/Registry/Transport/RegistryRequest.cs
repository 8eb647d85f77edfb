using System.Net;

namespace Containerize.Oci.Registry.Transport;

/// <summary>One registry API call as a step describes it; the caller adds auth, retries, redirects and error mapping.</summary>
internal sealed record RegistryRequest
{
    public required HttpMethod Method { get; init; }

    /// <summary>Relative to the registry (<c>/v2/…</c>) or absolute (an upload <c>Location</c>).</summary>
    public required Uri Uri { get; init; }

    public required RegistryOperation Operation { get; init; }

    public required string Repository { get; init; }

    /// <summary>Token scopes, for example <c>repository:team/api:pull,push</c>.</summary>
    public required IReadOnlyList<string> Scopes { get; init; }

    public IReadOnlyList<string> Accept { get; init; } = [];

    /// <summary>Makes a fresh body for each attempt (bodies must be re-readable for retries).</summary>
    public Func<ProgressWatchdog, HttpContent>? Content { get; init; }

    /// <summary>Statuses besides 2xx that the step handles itself (404 on a blob HEAD, 202 on a mount, …).</summary>
    public IReadOnlyCollection<HttpStatusCode> ExpectedStatuses { get; init; } = [];

    /// <summary>False for upload requests: a retried PATCH or PUT could append twice, so the uploader starts a new session instead.</summary>
    public bool RetryTransientFailures { get; init; } = true;

    /// <summary>What the step is about, for messages (a digest or a tag).</summary>
    public string? Subject { get; init; }
}
