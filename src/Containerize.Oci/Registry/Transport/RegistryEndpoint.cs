using System.Net;

namespace Containerize.Oci.Registry.Transport;

/// <summary>
/// A registry host and the rules for reaching it: HTTPS unless the host is loopback or listed as insecure, in which
/// case plain HTTP is tried when HTTPS cannot be spoken.
/// </summary>
internal sealed record RegistryEndpoint
{
    public RegistryEndpoint(string registry, RegistryOptions options)
    {
        Registry = registry;
        ApiHost = registry == "docker.io" ? "registry-1.docker.io" : registry;
        IsListedInsecure = GetInsecureList(options).Contains(registry, StringComparer.OrdinalIgnoreCase)
            || GetInsecureList(options).Contains(HostOnly(registry), StringComparer.OrdinalIgnoreCase);
        MayUsePlainHttp = IsListedInsecure || IsLoopback(HostOnly(registry));
    }

    /// <summary>The registry as the user wrote it (<c>host[:port]</c>), used in messages and credential lookup.</summary>
    public string Registry { get; }

    /// <summary>The host the API is served on (Docker Hub's differs from its name).</summary>
    public string ApiHost { get; }

    public bool IsListedInsecure { get; init; }

    /// <summary>Loopback or listed insecure (tests set it to false to play a remote host on a loopback port).</summary>
    public bool MayUsePlainHttp { get; init; }

    public static bool IsLoopback(string host)
    {
        string trimmed = host.Trim('[', ']');
        return trimmed.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(trimmed, out IPAddress? address) && IPAddress.IsLoopback(address));
    }

    public static string HostOnly(string registry)
    {
        if (registry.StartsWith('['))
        {
            int end = registry.IndexOf(']');
            return end > 0 ? registry[..(end + 1)] : registry;
        }

        int colon = registry.LastIndexOf(':');
        return colon > 0 ? registry[..colon] : registry;
    }

    private static IEnumerable<string> GetInsecureList(RegistryOptions options)
    {
        string fromEnvironment = options.EnvironmentVariables("DOTNET_CONTAINER_INSECURE_REGISTRIES") ?? string.Empty;
        return options.InsecureRegistries.Concat(
            fromEnvironment.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
