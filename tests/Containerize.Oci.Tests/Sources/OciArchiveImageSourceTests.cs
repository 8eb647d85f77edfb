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
    public async Task ReadsTheArchiveInPlaceWithoutUnpackingIt()
    {
        (string archive, Descriptor image) = MakeArchive("archive-in-place", "one");
        string before = string.Join("\n", Directory.GetFileSystemEntries(Path.GetDirectoryName(archive)!));

        SourceImage resolved = await new OciArchiveImageSource("oci-archive:" + archive + ":v1", archive, "v1").ResolveAsync(TestLayoutBuilder.Amd64, default);
        await using (Stream layer = await resolved.Blobs.OpenBlobAsync(resolved.Layers[0], default))
        {
            await layer.CopyToAsync(Stream.Null);
        }

        Assert.Equal(image.Digest, resolved.Manifest!.Digest);
        Assert.Equal(before, string.Join("\n", Directory.GetFileSystemEntries(Path.GetDirectoryName(archive)!)));
    }

    [Fact]
    public async Task AnArchiveReplacedByOneOfTheSameSizeAndTimeIsReadAgain()
    {
        (string archive, _) = MakeArchive("archive-changed", "one");
        (string replacement, Descriptor replacementImage) = MakeArchive("archive-changed-2", "two");
        Assert.Equal(new FileInfo(archive).Length, new FileInfo(replacement).Length);
        DateTime time = File.GetLastWriteTimeUtc(archive);
        await new OciArchiveImageSource("a", archive, "v1").ResolveAsync(TestLayoutBuilder.Amd64, default);

        File.Copy(replacement, archive, overwrite: true);
        File.SetLastWriteTimeUtc(archive, time);
        SourceImage resolved = await new OciArchiveImageSource("a", archive, "v1").ResolveAsync(TestLayoutBuilder.Amd64, default);

        Assert.Equal(replacementImage.Digest, resolved.Manifest!.Digest);
    }

    [Fact]
    public async Task AFlippedByteInALayerOfTheArchiveIsBlobCorruptNamingTheArchiveAndTheEntry()
    {
        (string archive, _) = MakeArchive("archive-flipped", "one");
        SourceImage resolved = await new OciArchiveImageSource("a", archive, "v1").ResolveAsync(TestLayoutBuilder.Amd64, default);
        Descriptor layer = resolved.Layers[0];
        FlipLastByteOf(archive, layer);

        await using Stream blob = await resolved.Blobs.OpenBlobAsync(layer, default);
        var exception = await Assert.ThrowsAsync<ContainerizeException>(() => blob.CopyToAsync(Stream.Null));

        Assert.Equal(ErrorCodes.BlobCorrupt, exception.Code);
        Assert.Contains(archive, exception.Message, StringComparison.Ordinal);
        Assert.Contains($"blobs/sha256/{layer.Digest.Encoded}", exception.Message, StringComparison.Ordinal);
        Assert.Contains("copy it again", exception.Hint, StringComparison.Ordinal);
    }

    /// <summary>Changes the last byte of a blob's entry in place: same size, same name, wrong content.</summary>
    private static void FlipLastByteOf(string archive, Descriptor blob)
    {
        long dataEnd;
        using (FileStream stream = File.OpenRead(archive))
        {
            dataEnd = TarIndex.ReadAsync(stream, default).GetAwaiter().GetResult()[$"blobs/sha256/{blob.Digest.Encoded}"].Offset + blob.Size - 1;
        }

        using var file = new FileStream(archive, FileMode.Open, FileAccess.ReadWrite);
        file.Position = dataEnd;
        int value = file.ReadByte();
        file.Position = dataEnd;
        file.WriteByte((byte)(value ^ 0xFF));
    }

    [Fact]
    public async Task AMissingArchiveIsBaseImageNotFound()
    {
        string missing = Path.Combine(TestLayoutBuilder.CreateTemporaryDirectory("archive-missing"), "none.tar");

        var exception = await Assert.ThrowsAsync<ContainerizeException>(() =>
            new OciArchiveImageSource("x", missing, null).ResolveAsync(TestLayoutBuilder.Amd64, default));

        Assert.Equal(ErrorCodes.BaseImageNotFound, exception.Code);
        Assert.Contains(missing, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANonTarIsInvalidContent()
    {
        string root = TestLayoutBuilder.CreateTemporaryDirectory("archive-bad");
        string archive = Path.Combine(root, "bad.tar");
        await File.WriteAllTextAsync(archive, new string('x', 2000));

        var exception = await Assert.ThrowsAsync<ContainerizeException>(() =>
            new OciArchiveImageSource("x", archive, null).ResolveAsync(TestLayoutBuilder.Amd64, default));

        Assert.Equal(ErrorCodes.InvalidBaseImageContent, exception.Code);
    }

    [Fact]
    public void ARegistryBaseNeedsAFactory()
    {
        var exception = Assert.Throws<ContainerizeException>(() =>
            BaseImageSources.Create(BaseImageReference.Parse("mcr.microsoft.com/dotnet/runtime:10.0"), null));
        Assert.Equal(ErrorCodes.InvalidBaseImageReference, exception.Code);
        Assert.Contains("oci:", exception.Hint, StringComparison.Ordinal);

        ImageReference? asked = null;
        IImageSource scratch = new ScratchImageSource();
        IImageSource created = BaseImageSources.Create(BaseImageReference.Parse("mcr.microsoft.com/dotnet/runtime:10.0"), reference =>
        {
            asked = reference;
            return scratch;
        });
        Assert.Same(scratch, created);
        Assert.Equal("mcr.microsoft.com/dotnet/runtime:10.0", asked!.ToString());
    }
}
