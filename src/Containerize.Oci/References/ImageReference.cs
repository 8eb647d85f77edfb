using Containerize.Oci.Digests;
using Containerize.Oci.Errors;

namespace Containerize.Oci.References;

/// <summary>
/// A registry image reference, normalized the way Docker does: <c>registry[:port]/repository[:tag][@digest]</c>.
/// A name without a registry is on <c>docker.io</c>, and a one-component Docker Hub name is under <c>library/</c>.
/// </summary>
public sealed record ImageReference
{
    /// <summary>The registry Docker Hub references are normalized to.</summary>
    public const string DockerHubRegistry = "docker.io";

    public ImageReference(string registry, string repository, string? tag = null, Digest? digest = null)
    {
        ReferenceGrammar.ValidateRegistry(registry);
        ReferenceGrammar.ValidateRepository(repository);
        if (tag is not null)
        {
            ReferenceGrammar.ValidateTag(tag);
        }

        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The registry host and optional port, for example <c>mcr.microsoft.com</c> or <c>localhost:5000</c>.</summary>
    public string Registry { get; }

    /// <summary>The repository path, for example <c>dotnet/runtime</c> or <c>library/alpine</c>.</summary>
    public string Repository { get; }

    public string? Tag { get; }

    public Digest? Digest { get; }

    /// <summary>What to ask the registry for: the digest when pinned, else the tag, else <c>latest</c>.</summary>
    public string ManifestReference => Digest?.ToString() ?? Tag ?? ImageName.DefaultTag;

    /// <summary>The same repository with another tag and no digest.</summary>
    public ImageReference WithTag(string tag) => new(Registry, Repository, tag);

    public override string ToString() =>
        $"{Registry}/{Repository}{(Tag is null ? "" : ":" + Tag)}{(Digest is null ? "" : "@" + Digest)}";

    /// <summary>Parses and normalizes a reference; throws <see cref="ContainerizeException"/> naming the part at fault.</summary>
    public static ImageReference Parse(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        string remainder = reference.Trim();
        Digest? digest = null;
        int at = remainder.IndexOf('@');
        if (at >= 0)
        {
            string digestText = remainder[(at + 1)..];
            if (!Digests.Digest.TryParse(digestText, out Digest parsed))
            {
                throw new ContainerizeException(
                    ErrorCodes.InvalidBaseImageReference,
                    $"The digest '{digestText}' in image reference '{reference}' is not of the form sha256:<64 lower-case hex digits>.",
                    "Copy the digest exactly as the registry or `skopeo inspect` prints it.");
            }

            digest = parsed;
            remainder = remainder[..at];
        }

        // An IPv6 registry ([2001:db8::1] or [::1]:5000) is all colons: it must be followed by a repository.
        if (remainder.StartsWith('[') && remainder.IndexOf(']') is var close && close > 0
            && (remainder.IndexOf('/', close) < 0))
        {
            throw new ContainerizeException(
                ErrorCodes.InvalidBaseImageReference,
                $"The image reference '{reference}' names the registry '{remainder[..(close + 1)]}' but no repository.",
                "Write it as [ADDRESS]:PORT/REPOSITORY:TAG, for example [2001:db8::1]:5000/team/api:1.0.");
        }

        string? tag = null;
        int lastColon = remainder.LastIndexOf(':');
        if (lastColon >= 0 && remainder.IndexOf('/', lastColon) < 0)
        {
            // A colon after the last slash separates the tag; a colon before it is a registry port.
            tag = remainder[(lastColon + 1)..];
            remainder = remainder[..lastColon];
            ReferenceGrammar.ValidateTag(tag);
        }

        if (!remainder.Contains('/', StringComparison.Ordinal) && remainder.Contains(':', StringComparison.Ordinal))
        {
            // foo:bar:baz would otherwise become library/foo:bar with the tag baz.
            throw new ContainerizeException(
                ErrorCodes.InvalidBaseImageReference,
                $"The image reference '{reference}' has more than one ':' outside a registry port.",
                "Write it as [REGISTRY[:PORT]/]REPOSITORY[:TAG][@DIGEST], for example registry.example:5000/team/api:1.0 or team/api:1.0.");
        }

        (string registry, string repository) = SplitRegistry(remainder);
        if (registry is DockerHubRegistry or "index.docker.io" or "registry-1.docker.io")
        {
            registry = DockerHubRegistry;
            if (!repository.Contains('/', StringComparison.Ordinal))
            {
                repository = "library/" + repository;
            }
        }

        return new ImageReference(registry, repository, tag, digest);
    }

    private static (string Registry, string Repository) SplitRegistry(string name)
    {
        int slash = name.IndexOf('/');
        if (slash < 0)
        {
            return (DockerHubRegistry, name);
        }

        string first = name[..slash];

        // Docker's rule: the first component is a registry when it has a dot or a port, is localhost, or has upper case
        // (repository paths are lower case, so upper case can only be a host name).
        bool isRegistry = first.Contains('.', StringComparison.Ordinal)
            || first.Contains(':', StringComparison.Ordinal)
            || first == "localhost"
            || !first.Equals(first.ToLowerInvariant(), StringComparison.Ordinal);
        return isRegistry ? (first, name[(slash + 1)..]) : (DockerHubRegistry, name);
    }
}
