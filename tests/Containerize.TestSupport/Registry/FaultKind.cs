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
}
