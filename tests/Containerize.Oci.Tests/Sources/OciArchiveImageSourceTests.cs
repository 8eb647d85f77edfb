using System.Formats.Tar;
using Containerize.Oci.Errors;
using Containerize.Oci.Model;
using Containerize.Oci.References;
using Containerize.Oci.Sources;

namespace Containerize.Oci.Tests.Sources;

public sealed class OciArchiveImageSourceTests
{
    private static (string Archive, Descriptor Image) MakeArchive(string name, string content)
    {
        string root = TestLayoutBuilder.CreateTemporaryDirectory(name);
        var layout = new TestLayoutBuilder(Path.Combine(root, "layout"));
        Descriptor image = layout.AddImage([TestLayer.Create(("file", content))], TestLayoutBuilder.Amd64);
        layout.WriteIndex((image, "v1"));
        string archive = Path.Combine(root, "base.tar");
        TarFile.CreateFromDirectory(layout.Directory, archive, includeBaseDirectory: false);
        return (archive, image);
    }

    [Fact]
    public async Task ReadsTheArchiveAndUnpacksItOnce()
    {
        (string archive, Descriptor image) = MakeArchive("archive-once", "one");
        string work = TestLayoutBuilder.CreateTemporaryDirectory("archive-work");
        var source = new OciArchiveImageSource("oci-archive:" + archive + ":v1", archive, "v1", work);

        SourceImage resolved = await source.ResolveAsync(TestLayoutBuilder.Amd64, default);
        string first = await source.UnpackAsync(default);
        string second = await source.UnpackAsync(default);

        Assert.Equal(image.Digest, resolved.Manifest!.Digest);
        Assert.Equal(first, second);
        Assert.Single(Directory.GetDirectories(Path.Combine(work, "base-archives")));
    }

    [Fact]
    public async Task AChangedArchiveIsReadAgain()
    {
        (string archive, _) = MakeArchive("archive-changed", "one");
        (string replacement, Descriptor replacementImage) = MakeArchive("archive-changed-2", "two, longer");
        string work = TestLayoutBuilder.CreateTemporaryDirectory("archive-work");
        await new OciArchiveImageSource("a", archive, "v1", work).ResolveAsync(TestLayoutBuilder.Amd64, default);

        File.Copy(replacement, archive, overwrite: true);
        File.SetLastWriteTimeUtc(archive, DateTime.UtcNow.AddMinutes(1));
        SourceImage resolved = await new OciArchiveImageSource("a", archive, "v1", work).ResolveAsync(TestLayoutBuilder.Amd64, default);

        Assert.Equal(replacementImage.Digest, resolved.Manifest!.Digest);
    }

    [Fact]
    public async Task AMissingArchiveIsBaseImageNotFound()
    {
        string missing = Path.Combine(TestLayoutBuilder.CreateTemporaryDirectory("archive-missing"), "none.tar");

        var exception = await Assert.ThrowsAsync<ContainerizeException>(() =>
            new OciArchiveImageSource("x", missing, null, Path.GetTempPath()).ResolveAsync(TestLayoutBuilder.Amd64, default));

        Assert.Equal(ErrorCodes.BaseImageNotFound, exception.Code);
        Assert.Contains(missing, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANonTarIsInvalidContentAndLeavesNoFolder()
    {
        string root = TestLayoutBuilder.CreateTemporaryDirectory("archive-bad");
        string archive = Path.Combine(root, "bad.tar");
        await File.WriteAllTextAsync(archive, new string('x', 2000));
        string work = Path.Combine(root, "work");

        var exception = await Assert.ThrowsAsync<ContainerizeException>(() =>
            new OciArchiveImageSource("x", archive, null, work).ResolveAsync(TestLayoutBuilder.Amd64, default));

        Assert.Equal(ErrorCodes.InvalidBaseImageContent, exception.Code);
        Assert.Empty(Directory.GetDirectories(Path.Combine(work, "base-archives")));
    }

    [Fact]
    public void ARegistryBaseNeedsAFactory()
    {
        var exception = Assert.Throws<ContainerizeException>(() =>
            BaseImageSources.Create(BaseImageReference.Parse("mcr.microsoft.com/dotnet/runtime:10.0"), "/tmp", null));
        Assert.Equal(ErrorCodes.InvalidBaseImageReference, exception.Code);
        Assert.Contains("oci:", exception.Hint, StringComparison.Ordinal);

        ImageReference? asked = null;
        IImageSource scratch = new ScratchImageSource();
        IImageSource created = BaseImageSources.Create(BaseImageReference.Parse("mcr.microsoft.com/dotnet/runtime:10.0"), "/tmp", reference =>
        {
            asked = reference;
            return scratch;
        });
        Assert.Same(scratch, created);
        Assert.Equal("mcr.microsoft.com/dotnet/runtime:10.0", asked!.ToString());
    }
}
