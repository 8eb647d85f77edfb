namespace Containerize.Oci.Registry.Transport;

/// <summary>What a request is for: it decides how an error answer is explained to the user.</summary>
internal enum RegistryOperation
{
    Ping,
    PullManifest,
    PushManifest,
    CheckManifest,
    CheckBlob,
    PullBlob,
    MountBlob,
    UploadBlob,
}
