using Containerize.Oci.Errors;

namespace Containerize.Oci.References;

/// <summary>
/// One name an image is published under: a repository and a tag, each checked against the registry grammar when made.
/// The registry is the destination's, so the name never has to be joined into a string and split again on ':' (which
/// breaks on registry ports and on repositories whose first component has a dot).
/// </summary>
public sealed record ImageName
{
    /// <summary>The tag an image gets when none is given, as in the SDK and docker.</summary>
    public const string DefaultTag = "latest";

    public ImageName(string repository, string tag)
    {
        ReferenceGrammar.ValidateRepository(repository);
        ReferenceGrammar.ValidateTag(tag);
        Repository = repository;
        Tag = tag;
    }

    /// <summary>The repository path, for example <c>team/api</c>.</summary>
    public string Repository { get; }

    public string Tag { get; }

    /// <summary>One name per tag of one repository, in the order given.</summary>
    public static IReadOnlyList<ImageName> ForTags(string repository, IEnumerable<string> tags) =>
        tags.Select(tag => new ImageName(repository, tag)).ToArray();

    /// <summary>The full reference on <paramref name="registry"/>; a one-component name on Docker Hub is under <c>library/</c>, as docker writes it.</summary>
    public ImageReference On(string registry) =>
        new(registry, registry == ImageReference.DockerHubRegistry && !Repository.Contains('/', StringComparison.Ordinal) ? "library/" + Repository : Repository, Tag);

    /// <summary>The reference local tools (docker, podman, containerd) give a name without a registry.</summary>
    public ImageReference ToLocalReference() => On(ImageReference.DockerHubRegistry);

    /// <summary>The tags of <paramref name="names"/>, which must all be of <paramref name="repository"/>.</summary>
    public static IReadOnlyList<string> TagsOf(IReadOnlyList<ImageName> names, string repository)
    {
        ImageName? other = names.FirstOrDefault(name => name.Repository != repository);
        if (other is not null)
        {
            throw new ContainerizeException(ErrorCodes.Internal,
                $"The image name {other} is not of repository '{repository}', the one this destination pushes to.",
                "Report this as a bug in Containerize.Tasks.");
        }

        return names.Select(name => name.Tag).ToArray();
    }

    public override string ToString() => $"{Repository}:{Tag}";
}
