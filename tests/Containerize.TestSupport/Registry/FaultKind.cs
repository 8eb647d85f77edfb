namespace Containerize.TestSupport.Registry;

/// <summary>What the fault-injecting proxy does to a request instead of (or while) forwarding it.</summary>
public enum FaultKind
{
    /// <summary>Answer 500 Internal Server Error without forwarding.</summary>
    InternalServerError,

    /// <summary>Answer 503 Service Unavailable without forwarding.</summary>
    ServiceUnavailable,

    /// <summary>Answer 429 with <c>Retry-After: 1</c> without forwarding.</summary>
    TooManyRequests,

    /// <summary>Read half of the request body (or forward and send half of the response body), then drop the connection.</summary>
    DropConnectionMidBody,

    /// <summary>Wait a little before forwarding, and send the response body in small slow pieces.</summary>
    Slow,

    /// <summary>Say nothing for longer than the client's inactivity timeout, then drop the connection.</summary>
    Stall,

    /// <summary>Take the request and never answer (until the client gives up and closes the connection).</summary>
    NeverAnswer,

    /// <summary>Accept the connection and close it at once, without an answer.</summary>
    CloseWithoutAnswer,

    /// <summary>Answer an upload status GET with 204 and <c>Range: 0-999999999999</c>, an offset past the end of any test blob.</summary>
    BadUploadOffset,

    /// <summary>Answer 400 with distribution's <c>DIGEST_INVALID</c>, as for a blob whose bytes do not match its digest.</summary>
    DigestInvalid,

    /// <summary>Forward, but read the request body (an upload) in 64 KiB pieces at <see cref="FaultInjectingProxy.ThrottledBytesPerSecond"/>.</summary>
    ThrottledUpload,

    /// <summary>Forward, but send the response body in 64 KiB pieces at <see cref="FaultInjectingProxy.ThrottledBytesPerSecond"/> (a throttled link).</summary>
    Throttled,
}
