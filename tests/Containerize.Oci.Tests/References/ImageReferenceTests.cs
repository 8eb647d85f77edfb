using Containerize.Oci.Errors;
using Containerize.Oci.References;

namespace Containerize.Oci.Tests.References;

public sealed class ImageReferenceTests
{
    [Theory]
    [InlineData("alpine", "docker.io", "library/alpine", null)]
    [InlineData("alpine:3.20", "docker.io", "library/alpine", "3.20")]
    [InlineData("docker.io/alpine:3", "docker.io", "library/alpine", "3")]
    [InlineData("index.docker.io/library/alpine", "docker.io", "library/alpine", null)]
    [InlineData("team/api:1.0", "docker.io", "team/api", "1.0")]
    [InlineData("mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled", "mcr.microsoft.com", "dotnet/runtime-deps", "10.0-noble-chiseled")]
    [InlineData("localhost:5000/a/b/c", "localhost:5000", "a/b/c", null)]
    [InlineData("localhost/x", "localhost", "x", null)]
    [InlineData("Registry.Example/x_y__z-w:T_1", "Registry.Example", "x_y__z-w", "T_1")]
    [InlineData("[::1]:5000/repo:tag", "[::1]:5000", "repo", "tag")]
    public void ParsesAndNormalizes(string text, string registry, string repository, string? tag)
    {
        ImageReference reference = ImageReference.Parse(text);

        Assert.Equal(registry, reference.Registry);
        Assert.Equal(repository, reference.Repository);
        Assert.Equal(tag, reference.Tag);
    }

    [Fact]
    public void ParsesADigest()
    {
        string digest = "sha256:" + new string('a', 64);
        ImageReference reference = ImageReference.Parse($"ghcr.io/o/r:1@{digest}");

        Assert.Equal(digest, reference.Digest.ToString());
        Assert.Equal("1", reference.Tag);
        Assert.Equal(digest, reference.ManifestReference);
        Assert.Equal($"ghcr.io/o/r:1@{digest}", reference.ToString());
    }

    [Theory]
    [InlineData("docker.io/Team/api", ErrorCodes.InvalidRepositoryName, "team/api")]
    [InlineData("team//api", ErrorCodes.InvalidRepositoryName, "team//api")]
    [InlineData("team/api-", ErrorCodes.InvalidRepositoryName, "team/api-")]
    [InlineData("team/api:", ErrorCodes.InvalidTag, "''")]
    [InlineData("team/api:-x", ErrorCodes.InvalidTag, "-x")]
    [InlineData("team/api:a+b", ErrorCodes.InvalidTag, "a+b")]
    [InlineData("bad_host:5000/x", ErrorCodes.InvalidRegistry, "bad_host:5000")]
    [InlineData("ghcr.io/x@sha256:abc", ErrorCodes.InvalidBaseImageReference, "sha256:abc")]
    public void RejectsWithACodeAndTheValue(string text, string code, string named)
    {
        var exception = Assert.Throws<ContainerizeException>(() => ImageReference.Parse(text));

        Assert.Equal(code, exception.Code);
        Assert.Contains(named, exception.Message + exception.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void UpperCaseRepositoryHintSaysLowerCase()
    {
        var exception = Assert.Throws<ContainerizeException>(() => ReferenceGrammar.ValidateRepository("Team/Api"));

        Assert.Equal(ErrorCodes.InvalidRepositoryName, exception.Code);
        Assert.Contains("'Team/Api'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("lower case: use 'team/api'", exception.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("1.0.0-preview.1", true)]
    [InlineData("_x", true)]
    [InlineData(".x", false)]
    [InlineData("", false)]
    public void ValidatesTags(string tag, bool valid)
    {
        Assert.Equal(valid, ReferenceGrammar.IsValidTag(tag));
        Assert.False(ReferenceGrammar.IsValidTag(new string('a', 129)));
        Assert.True(ReferenceGrammar.IsValidTag(new string('a', 128)));
    }

    [Fact]
    public void RepositoryLengthIsLimited()
    {
        Assert.True(ReferenceGrammar.IsValidRepository(new string('a', 255)));
        Assert.False(ReferenceGrammar.IsValidRepository(new string('a', 256)));
    }
}
