using Containerize.Oci.Errors;

namespace Containerize.Oci.Registry.Transport;

/// <summary>
/// Which class a failure falls in: network or server trouble (retried), a refusal (an answer; never retried), or a
/// local fault (a coded exception from our side, such as a damaged or unreadable local blob being sent; never
/// retried, reported as it is even when HttpClient wrapped it).
/// </summary>
internal static class RegistryFaults
{
    /// <summary>A broken, reset or stalled connection, or a retriable answer from the token service.</summary>
    public static bool IsTransient(Exception exception) => FindLocalFault(exception) is null && (RetryPolicy.IsTransient(exception) || exception is RegistryTransientException);

    /// <summary>A coded exception of ours anywhere inside <paramref name="exception"/> (HttpClient wraps what a request body throws).</summary>
    public static ContainerizeException? FindLocalFault(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is ContainerizeException local)
            {
                return local;
            }
        }

        return null;
    }

    /// <summary>
    /// What went wrong on the wire, in words a user can act on: HttpClient's "An error occurred while sending the
    /// request" says nothing, so the kind of failure and the innermost cause are named instead.
    /// </summary>
    public static string Describe(Exception exception) => exception switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } => $"the connection was closed before the registry answered ({Innermost(exception).Message})",
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => $"no connection could be made ({Innermost(exception).Message})",
        HttpRequestException { InnerException: not null } => $"the connection broke before the registry answered ({Innermost(exception).Message})",
        _ => exception.Message,
    };

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is { } inner)
        {
            exception = inner;
        }

        return exception;
    }

    /// <summary>The start of an error answer's body, for messages; empty when it cannot be read.</summary>
    public static async Task<string> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return body.Length > 4000 ? body[..4000] : body;
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            return string.Empty;
        }
    }
}
