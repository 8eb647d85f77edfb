namespace Containerize.Oci.Registry.Credentials;

/// <summary>The credential found for a registry (null for anonymous) and every source that was looked at, for a 401 message.</summary>
public sealed record CredentialLookup(RegistryCredential? Credential, IReadOnlyList<string> SourcesTried)
{
    public string DescribeSources() => SourcesTried.Count == 0 ? "none" : string.Join(", ", SourcesTried);
}
