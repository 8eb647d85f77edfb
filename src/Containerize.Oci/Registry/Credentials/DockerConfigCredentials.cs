using System.Text;
using System.Text.Json;

namespace Containerize.Oci.Registry.Credentials;

/// <summary>
/// Reads credentials the way <c>docker</c> and <c>podman</c> store them: per file, <c>credHelpers</c> for the host,
/// then <c>credsStore</c>, then <c>auths</c> (base64 <c>auth</c> or <c>identitytoken</c>). Files, first match wins:
/// <c>$DOCKER_CONFIG/config.json</c> (else <c>~/.docker/config.json</c>), <c>$REGISTRY_AUTH_FILE</c>,
/// <c>$XDG_RUNTIME_DIR/containers/auth.json</c>.
/// </summary>
internal sealed class DockerConfigCredentials
{
    private const string DockerHubKey = "https://index.docker.io/v1/";
    private readonly RegistryOptions _options;

    public DockerConfigCredentials(RegistryOptions options) => _options = options;

    public async Task<RegistryCredential?> FindAsync(string registry, List<string> tried, CancellationToken cancellationToken)
    {
        foreach ((string path, string label) in GetConfigFiles())
        {
            if (!File.Exists(path))
            {
                continue;
            }

            tried.Add($"{label} ({path})");
            using JsonDocument document = await ReadAsync(path, cancellationToken).ConfigureAwait(false);
            RegistryCredential? credential = await FindInFileAsync(document.RootElement, registry, $"{label} {path}", cancellationToken).ConfigureAwait(false);
            if (credential is not null)
            {
                return credential;
            }
        }

        return null;
    }

    private IEnumerable<(string Path, string Label)> GetConfigFiles()
    {
        string? dockerConfig = _options.EnvironmentVariables("DOCKER_CONFIG");
        if (!string.IsNullOrEmpty(dockerConfig))
        {
            yield return (Path.Combine(dockerConfig, "config.json"), "DOCKER_CONFIG");
        }
        else if (!string.IsNullOrEmpty(_options.HomeDirectory))
        {
            yield return (Path.Combine(_options.HomeDirectory, ".docker", "config.json"), "Docker config");
        }

        if (_options.EnvironmentVariables("REGISTRY_AUTH_FILE") is { Length: > 0 } authFile)
        {
            yield return (authFile, "REGISTRY_AUTH_FILE");
        }

        if (_options.EnvironmentVariables("XDG_RUNTIME_DIR") is { Length: > 0 } runtimeDirectory)
        {
            yield return (Path.Combine(runtimeDirectory, "containers", "auth.json"), "Podman auth file");
        }
    }

    private static async Task<JsonDocument> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using FileStream stream = File.OpenRead(path);
        return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static async Task<RegistryCredential?> FindInFileAsync(JsonElement root, string registry, string source, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> keys = GetKeys(registry);
        if (TryGetEntry(root, "credHelpers", keys, out JsonElement helper) && helper.ValueKind == JsonValueKind.String)
        {
            return await CredentialHelper.GetAsync(helper.GetString()!, keys[0], $"{source} (credHelpers)", cancellationToken).ConfigureAwait(false);
        }

        if (root.TryGetProperty("credsStore", out JsonElement store) && store.GetString() is { Length: > 0 } storeName)
        {
            RegistryCredential? stored = await CredentialHelper.GetAsync(storeName, keys[0], $"{source} (credsStore)", cancellationToken).ConfigureAwait(false);
            if (stored is not null)
            {
                return stored;
            }
        }

        if (TryGetEntry(root, "auths", keys, out JsonElement auth) && auth.ValueKind == JsonValueKind.Object)
        {
            if (auth.TryGetProperty("identitytoken", out JsonElement identityToken) && identityToken.GetString() is { Length: > 0 } token)
            {
                return RegistryCredential.FromIdentityToken(token, $"{source} (auths identitytoken)");
            }

            if (auth.TryGetProperty("auth", out JsonElement encoded) && encoded.GetString() is { Length: > 0 } base64)
            {
                string decoded = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
                int colon = decoded.IndexOf(':');
                if (colon > 0)
                {
                    return RegistryCredential.FromUsernamePassword(decoded[..colon], decoded[(colon + 1)..], $"{source} (auths)");
                }
            }
        }

        return null;
    }

    /// <summary>The keys a registry may be stored under; Docker Hub is stored under its old v1 address.</summary>
    internal static IReadOnlyList<string> GetKeys(string registry)
    {
        if (registry is "docker.io" or "registry-1.docker.io" or "index.docker.io")
        {
            return [DockerHubKey, "docker.io", "index.docker.io", "registry-1.docker.io"];
        }

        return [registry, $"https://{registry}", $"http://{registry}", $"https://{registry}/v1/", $"https://{registry}/v2/"];
    }

    private static bool TryGetEntry(JsonElement root, string section, IReadOnlyList<string> keys, out JsonElement entry)
    {
        entry = default;
        if (!root.TryGetProperty(section, out JsonElement map) || map.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (string key in keys)
        {
            if (map.TryGetProperty(key, out entry))
            {
                return true;
            }
        }

        return false;
    }
}
