using Containerize.Oci.Digests;
using Containerize.Oci.Errors;

namespace Containerize.Oci.Registry;

/// <summary>
/// A minimal registry reference parser (<c>[REGISTRY/]REPOSITORY[:TAG][@DIGEST]</c>, Docker Hub normalized) used by
/// the registry client until the shared <c>References.ImageReference</c> lands; then this one goes.
/// </summary>
internal sealed record RegistryReference(string Registry, string Repository, string? Tag, Digest? Digest)
{
    /// <summary>The manifest reference to ask for: the digest when there is one, else the tag (<c>latest</c> by default).</summary>
    public string ManifestReference => Digest?.ToString() ?? Tag ?? "latest";

    public override string ToString() =>
        $"{Registry}/{Repository}" + (Tag is null ? string.Empty : $":{Tag}") + (Digest is null ? string.Empty : $"@{Digest}");

    public static RegistryReference Parse(string text)
    {
        string rest = text.Trim();
        Digest? digest = null;
        int at = rest.IndexOf('@');
        if (at >= 0)
        {
            digest = Digests.Digest.TryParse(rest[(at + 1)..], out Digest parsed) ? parsed : throw Invalid(text);
            rest = rest[..at];
        }

        string registry = "docker.io";
        int slash = rest.IndexOf('/');
        if (slash > 0)
        {
            string first = rest[..slash];
            if (first.Contains('.') || first.Contains(':') || first == "localhost" || first.StartsWith('['))
            {
                registry = first;
                rest = rest[(slash + 1)..];
            }
        }

        string? tag = null;
        int colon = rest.LastIndexOf(':');
        if (colon > rest.LastIndexOf('/'))
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
        }

        if (registry == "docker.io" && !rest.Contains('/'))
        {
            rest = "library/" + rest;
        }

        if (rest.Length == 0 || rest != rest.ToLowerInvariant() || tag is { Length: 0 })
        {
            throw Invalid(text);
        }

        return new RegistryReference(registry, rest, tag, digest);
    }

    private static ContainerizeException Invalid(string text) => new(ErrorCodes.InvalidBaseImageReference,
        $"'{text}' is not a valid image reference.",
        "Write it as [REGISTRY/]REPOSITORY[:TAG][@sha256:DIGEST], with a lower-case repository.");
}
