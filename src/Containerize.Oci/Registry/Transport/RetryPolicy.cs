using System.Net;
using System.Net.Http.Headers;

namespace Containerize.Oci.Registry.Transport;

/// <summary>
/// When and how long to wait before trying a request again: 408, 429, 5xx and broken connections, with bounded
/// exponential backoff and full jitter, honouring <c>Retry-After</c> up to <see cref="MaximumRetryAfter"/>.
/// </summary>
public sealed record RetryPolicy
{
    public static readonly RetryPolicy Default = new();

    /// <summary>Attempts in all, the first one included.</summary>
    public int MaxAttempts { get; init; } = 5;

    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaximumDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A longer <c>Retry-After</c> than this is cut down to it, so a build never hangs for an hour.</summary>
    public TimeSpan MaximumRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    public static bool IsRetriable(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>A broken or timed-out connection; TLS and name-resolution failures are not worth retrying.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError or HttpRequestError.NameResolutionError } => false,
        HttpRequestException or IOException or TimeoutException => true,
        _ => false,
    };

    /// <summary>The wait before attempt number <paramref name="attempt"/> + 1 (attempts count from 1).</summary>
    public TimeSpan GetDelay(int attempt, HttpResponseHeaders? headers = null)
    {
        TimeSpan? retryAfter = ReadRetryAfter(headers);
        if (retryAfter is { } requested)
        {
            return requested < TimeSpan.Zero ? TimeSpan.Zero : requested > MaximumRetryAfter ? MaximumRetryAfter : requested;
        }

        double ceiling = Math.Min(MaximumDelay.TotalMilliseconds, InitialDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        // Half fixed, half random: spreads clients that failed together without ever waiting zero.
        return TimeSpan.FromMilliseconds((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2));
    }

    private static TimeSpan? ReadRetryAfter(HttpResponseHeaders? headers)
    {
        RetryConditionHeaderValue? retryAfter = headers?.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date)
        {
            return date - DateTimeOffset.UtcNow;
        }

        return null;
    }
}
