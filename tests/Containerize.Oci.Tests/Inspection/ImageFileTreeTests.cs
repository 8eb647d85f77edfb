using Containerize.Oci.Inspection;
using Containerize.Oci.Tests.Layers;
using Containerize.TestSupport;

namespace Containerize.Oci.Tests.Inspection;

/// <summary>The merged file system: layers stacked with whiteouts and opaque directories, paths resolved through links.</summary>
public sealed class ImageFileTreeTests
{
    private const UnixFileMode Executable = (UnixFileMode)0b111_101_101;

    [Fact]
    public async Task Layers_read_from_GNU_tar_stack_with_whiteouts_and_opaque_directories()
    {
        using var folder = new TestFolder("tree-whiteouts");
        folder.WriteFile("lower/usr/lib/libgone.so", "x");
        folder.WriteFile("lower/usr/lib/libkept.so", "x");
        folder.WriteFile("lower/etc/conf.d/old", "x");
        folder.WriteFile("upper/usr/lib/.wh.libgone.so", "");
        folder.WriteFile("upper/etc/conf.d/.wh..wh..opq", "");
        folder.WriteFile("upper/etc/conf.d/new", "x");
        var tree = new ImageFileTree();

        tree.Apply(await ReadWithTarAsync(folder, "lower"));
        tree.Apply(await ReadWithTarAsync(folder, "upper"));

        Assert.Null(tree.Resolve("/usr/lib/libgone.so"));
        Assert.NotNull(tree.Resolve("/usr/lib/libkept.so"));
        Assert.Null(tree.Resolve("/etc/conf.d/old"));
        Assert.NotNull(tree.Resolve("/etc/conf.d/new"));
        Assert.Equal(["new"], tree.List("/etc/conf.d"));
    }

    [Fact]
    public void Symlinks_resolve_relative_absolute_and_through_parent_directories()
    {
        var tree = new ImageFileTree();
        tree.Apply(new LayerFileList
        {
            Entries =
            [
                new("/usr/lib/x86_64-linux-gnu/libc.so.6", ImageFileType.File, Executable),
                new("/lib", ImageFileType.Symlink, Executable, "usr/lib"),
                new("/lib64", ImageFileType.Symlink, Executable, "/usr/lib/x86_64-linux-gnu"),
                new("/usr/lib/x86_64-linux-gnu/ld.so", ImageFileType.Symlink, Executable, "../x86_64-linux-gnu/./libc.so.6"),
                new("/loop", ImageFileType.Symlink, Executable, "/loop"),
                new("/dangling", ImageFileType.Symlink, Executable, "/nowhere"),
                new("/hard", ImageFileType.HardLink, Executable, "/usr/lib/x86_64-linux-gnu/libc.so.6"),
            ],
        });

        Assert.Equal("/usr/lib/x86_64-linux-gnu/libc.so.6", tree.Resolve("/lib/x86_64-linux-gnu/libc.so.6")?.Path);
        Assert.Equal("/usr/lib/x86_64-linux-gnu/libc.so.6", tree.Resolve("/lib64/ld.so")?.Path);
        Assert.Equal(ImageFileType.Symlink, tree.Find("/lib64/ld.so")?.Type);
        Assert.Null(tree.Resolve("/loop"));
        Assert.Null(tree.Resolve("/dangling"));
        Assert.Equal(ImageFileType.File, tree.Resolve("/hard")?.Type);
        Assert.Contains("libc.so.6", tree.List("/lib64"));
    }

    [Fact]
    public void A_file_that_replaces_a_directory_hides_what_was_inside()
    {
        var tree = new ImageFileTree();
        tree.Apply(new LayerFileList { Entries = [new("/opt/tool/bin", ImageFileType.File, Executable)] });
        tree.Apply(new LayerFileList { Entries = [new("/opt/tool", ImageFileType.File, Executable)] });

        Assert.Null(tree.Resolve("/opt/tool/bin"));
        Assert.Equal(ImageFileType.File, tree.Resolve("/opt/tool")?.Type);
    }

    private static async Task<LayerFileList> ReadWithTarAsync(TestFolder folder, string directory)
    {
        string archive = folder.PathOf(directory + ".tar");
        (await ProcessRunner.RunAsync("tar", ["-C", folder.PathOf(directory), "-cf", archive, "."])).EnsureSuccess();
        await using FileStream stream = File.OpenRead(archive);
        return await LayerFileList.ReadAsync(stream, CancellationToken.None);
    }
}
