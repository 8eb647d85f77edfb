using Containerize.Oci.Errors;
using Containerize.Oci.References;

namespace Containerize.Oci.Tests.References;

public sealed class BaseImageReferenceTests
{
    [Theory]
    [InlineData("scratch", BaseImageKind.Scratch, null, null)]
    [InlineData(" scratch ", BaseImageKind.Scratch, null, null)]
    [InlineData("oci:/images/base", BaseImageKind.OciLayout, "/images/base", null)]
    [InlineData("oci:base:10.0", BaseImageKind.OciLayout, "base", "10.0")]
    [InlineData("oci-archive:/tmp/base.tar", BaseImageKind.OciArchive, "/tmp/base.tar", null)]
    [InlineData("oci-archive:base.tar:v1", BaseImageKind.OciArchive, "base.tar", "v1")]
    [InlineData("oci:C:\\images\\base:10.0", BaseImageKind.OciLayout, "C:\\images\\base", "10.0")]
    [InlineData("oci-archive:D:/base.tar", BaseImageKind.OciArchive, "D:/base.tar", null)]
    public void ParsesLocalForms(string text, BaseImageKind kind, string? path, string? tag)
    {
        BaseImageReference reference = BaseImageReference.Parse(text);

        Assert.Equal(kind, reference.Kind);
        Assert.Equal(path, reference.Path);
        Assert.Equal(tag, reference.LayoutTag);
        Assert.Null(reference.Registry);
    }

    [Theory]
    [InlineData("oci:/home/someone/clone-a/artifacts/base:bookworm", "oci:base:bookworm")]
    [InlineData("oci:relative/base/", "oci:base")]
    [InlineData("oci-archive:/tmp/x/base.tar:v1", "oci-archive:base.tar:v1")]
    [InlineData("scratch", "scratch")]
    [InlineData("mcr.microsoft.com/dotnet/runtime-deps:10.0", "mcr.microsoft.com/dotnet/runtime-deps:10.0")]
    public void RecordsLocalBasesWithoutTheMachinesPath(string text, string recorded)
    {
        Assert.Equal(recorded, BaseImageReference.Parse(text).RecordedName);
    }

    [Fact]
    public void ParsesRegistryReferences()
    {
        BaseImageReference reference = BaseImageReference.Parse("localhost:5000/dotnet/runtime-deps:10.0");

        Assert.Equal(BaseImageKind.Registry, reference.Kind);
        Assert.Equal("localhost:5000", reference.Registry!.Registry);
        Assert.Equal("dotnet/runtime-deps", reference.Registry.Repository);
        Assert.Equal("10.0", reference.Registry.Tag);
    }

    [Theory]
    [InlineData("docker-daemon:alpine:3", "docker-daemon:")]
    [InlineData("docker://alpine", "docker:")]
    [InlineData("containers-storage:x", "containers-storage:")]
    [InlineData("foo::bar", "foo::bar")]
    [InlineData("Alpine", "Alpine")]
    [InlineData("oci:", "must be followed by a path")]
    [InlineData("oci:folder:", "tag after the path is empty")]
    [InlineData("", "empty")]
    public void RefusesOtherFormsListingTheAcceptedOnes(string text, string named)
    {
        var exception = Assert.Throws<ContainerizeException>(() => BaseImageReference.Parse(text));

        Assert.Equal(ErrorCodes.InvalidBaseImageReference, exception.Code);
        Assert.Contains(named, exception.Message, StringComparison.Ordinal);
        Assert.Contains("oci-archive:", exception.Hint, StringComparison.Ordinal);
        Assert.Contains("scratch", exception.Hint, StringComparison.Ordinal);
    }
}
