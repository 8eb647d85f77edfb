using Containerize.Oci.Model;

namespace Containerize.Oci.Registry;

/// <summary>One blob of a push: which, what happened, how many bytes went over the wire (retries included), and how long it took.</summary>
public sealed record BlobPushOutcome(Descriptor Blob, BlobPushAction Action, long BytesSent)
{
    public TimeSpan Duration { get; init; }
}
