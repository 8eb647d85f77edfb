namespace Containerize.Oci.Destinations;

/// <summary>The local container engines an image can be loaded into (the SDK's <c>LocalRegistry</c> values).</summary>
public enum LocalEngine
{
    Docker,
    Podman,
}
