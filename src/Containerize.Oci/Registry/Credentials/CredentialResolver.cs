namespace Containerize.Oci.Registry.Credentials;

/// <summary>
/// Finds the credential for a registry, in order: the caller's explicit credential, environment variables
/// (ours, then the .NET SDK's), then the Docker and Podman config files.
/// </summary>
internal sealed class CredentialResolver
{
    private static readonly (string User, string Password)[] s_environmentPairs =
    [
        ("CONTAINERIZE_REGISTRY_USERNAME", "CONTAINERIZE_REGISTRY_PASSWORD"),
        ("DOTNET_CONTAINER_REGISTRY_UNAME", "DOTNET_CONTAINER_REGISTRY_PWORD"),
        ("SDK_CONTAINER_REGISTRY_UNAME", "SDK_CONTAINER_REGISTRY_PWORD"),
    ];

    private readonly RegistryOptions _options;
    private readonly DockerConfigCredentials _dockerConfig;

    public CredentialResolver(RegistryOptions options)
    {
        _options = options;
        _dockerConfig = new DockerConfigCredentials(options);
    }

    public async Task<CredentialLookup> ResolveAsync(string registry, CancellationToken cancellationToken)
    {
        var tried = new List<string>();
        if (_options.Credential is { } explicitCredential)
        {
            tried.Add(explicitCredential.Source);
            return new CredentialLookup(explicitCredential, tried);
        }

        foreach ((string userVariable, string passwordVariable) in s_environmentPairs)
        {
            string? user = _options.EnvironmentVariables(userVariable);
            string? password = _options.EnvironmentVariables(passwordVariable);
            if (!string.IsNullOrEmpty(user) && !string.IsNullOrEmpty(password))
            {
                string source = $"environment ({userVariable}/{passwordVariable})";
                tried.Add(source);
                return new CredentialLookup(RegistryCredential.FromUsernamePassword(user, password, source), tried);
            }
        }

        tried.Add("environment (no CONTAINERIZE_REGISTRY_*, DOTNET_CONTAINER_REGISTRY_* or SDK_CONTAINER_REGISTRY_* pair set)");
        RegistryCredential? fromConfig = await _dockerConfig.FindAsync(registry, tried, cancellationToken).ConfigureAwait(false);
        return new CredentialLookup(fromConfig, tried);
    }
}
