using Containerize.Oci.Digests;

namespace Containerize.Oci.Registry.Steps;

/// <summary>The distribution API's paths and token scopes.</summary>
internal static class RegistryPaths
{
    public static Uri Blob(string repository, Digest digest) => new($"/v2/{repository}/blobs/{digest}", UriKind.Relative);

    public static Uri Uploads(string repository) => new($"/v2/{repository}/blobs/uploads/", UriKind.Relative);

    public static Uri Manifest(string repository, string reference) => new($"/v2/{repository}/manifests/{reference}", UriKind.Relative);

    public static string PullScope(string repository) => $"repository:{repository}:pull";

    public static string PushScope(string repository) => $"repository:{repository}:pull,push";

    /// <summary>Adds a query parameter to an upload location that may already carry its own (<c>?_state=…</c>).</summary>
    public static Uri WithQuery(Uri location, string name, string value)
    {
        string separator = location.OriginalString.Contains('?') ? "&" : "?";
        return new Uri(location.OriginalString + separator + name + "=" + Uri.EscapeDataString(value), location.IsAbsoluteUri ? UriKind.Absolute : UriKind.Relative);
    }
}
