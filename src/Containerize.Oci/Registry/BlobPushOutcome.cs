using Containerize.Oci.Model;

namespace Containerize.Oci.Registry;

/// <summary>One blob of a push: which, what happened, and how many bytes went over the wire (retries included).</summary>
public sealed record BlobPushOutcome(Descriptor Blob, BlobPushAction Action, long BytesSent);
