namespace Containerize.Oci.Registry.Credentials;

/// <summary>
/// What a registry client is for: pulling a base or pushing an image. The .NET SDK has a credential pair for each
/// (<c>DOTNET_CONTAINER_PULL_REGISTRY_*</c> for the base's registry, <c>DOTNET_CONTAINER_PUSH_REGISTRY_*</c> for the
/// destination), so a build that pulls from one private registry and pushes to another can give both.
/// </summary>
public enum RegistryAccess
{
    Pull,
    Push,
}
