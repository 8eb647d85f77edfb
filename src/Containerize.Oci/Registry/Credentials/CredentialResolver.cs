namespace Containerize.Oci.Registry.Credentials;

/// <summary>
/// Finds the credential for a registry, in order: the caller's explicit credential, environment variables
/// (<see cref="CredentialVariables"/>: ours, then the .NET SDK's for this access, then its shared ones), then the
/// Docker and Podman config files.
/// </summary>
internal sealed class CredentialResolver
{
    private readonly RegistryOptions _options;
    private readonly RegistryAccess _access;
    private readonly DockerConfigCredentials _dockerConfig;

    public CredentialResolver(RegistryOptions options, RegistryAccess access)
    {
        _options = options;
        _access = access;
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

        foreach ((string userVariable, string passwordVariable) in CredentialVariables.Pairs(_access))
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

        tried.Add($"environment (no {string.Join(", ", CredentialVariables.Pairs(_access).Select(pair => pair.User[..pair.User.LastIndexOf('_')] + "_*"))} pair set)");
        RegistryCredential? fromConfig = await _dockerConfig.FindAsync(registry, tried, cancellationToken).ConfigureAwait(false);
        return new CredentialLookup(fromConfig, tried);
    }
}
