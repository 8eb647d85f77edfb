using System.Formats.Tar;
using System.Text;
using Containerize.Oci.Errors;
using Containerize.Oci.Layers;

namespace Containerize.Oci.Tests.Layers;

public sealed class ReproducibleTarWriterTests : IDisposable
{
    private const UnixFileMode Mode644 = (UnixFileMode)0b110_100_100;
    private const UnixFileMode Mode755 = (UnixFileMode)0b111_101_101;
    private static readonly DateTimeOffset s_timestamp = new(2021, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);
    private readonly TestFolder _folder = new("tar-writer");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Entries_are_sorted_by_path_and_every_parent_is_written()
    {
        LayerEntry[] entries =
        [
            File("/app/b.txt", "bee"),
            new LayerEntry { ContainerPath = "/opt/x/link", Type = LayerEntryType.Symlink, LinkTarget = "../../app/b.txt", Mode = (UnixFileMode)0x1FF },
            File("/app/a/z.txt", "zed"),
            File("/app-data/c.txt", "sea"),
        ];

        List<ReadEntry> read = await TarInspection.ReadAsync(await WriteAsync(entries));

        Assert.Equal(
            // Ordinal on the path without the trailing '/': "/app" < "/app-data" < "/app/a" ('-' sorts before '/').
            ["app/", "app-data/", "app-data/c.txt", "app/a/", "app/a/z.txt", "app/b.txt", "opt/", "opt/x/", "opt/x/link"],
            read.Select(entry => entry.Name));
        Assert.All(read.Where(entry => entry.Type == TarEntryType.Directory), entry =>
        {
            Assert.Equal(Mode755, entry.Mode);
            Assert.Equal((0, 0), (entry.UserId, entry.GroupId));
        });
        ReadEntry link = read.Single(entry => entry.Name == "opt/x/link");
        Assert.Equal(TarEntryType.SymbolicLink, link.Type);
        Assert.Equal("../../app/b.txt", link.LinkName);
        Assert.Equal("zed", read.Single(entry => entry.Name == "app/a/z.txt").Content);
    }

    [Fact]
    public async Task Headers_carry_the_given_mode_and_owner_one_mtime_and_no_names()
    {
        LayerEntry[] entries =
        [
            File("/app/App", "#!/bin/sh\n", Mode755) with { UserId = 1654, GroupId = 1655 },
            File("/app/App.dll", "dll"),
            new LayerEntry { ContainerPath = "/data", Type = LayerEntryType.Directory, Mode = (UnixFileMode)0b111_000_000, UserId = 1654, GroupId = 1654 },
        ];

        List<ReadEntry> read = await TarInspection.ReadAsync(await WriteAsync(entries));

        ReadEntry apphost = read.Single(entry => entry.Name == "app/App");
        Assert.Equal(Mode755, apphost.Mode);
        Assert.Equal((1654, 1655), (apphost.UserId, apphost.GroupId));
        Assert.Equal(Mode644, read.Single(entry => entry.Name == "app/App.dll").Mode);
        ReadEntry data = read.Single(entry => entry.Name == "data/");
        Assert.Equal(TarEntryType.Directory, data.Type);
        Assert.Equal((UnixFileMode)0b111_000_000, data.Mode);
        Assert.Equal(1654, data.UserId);
        Assert.All(read, entry =>
        {
            Assert.Equal(new DateTimeOffset(2021, 3, 4, 5, 6, 7, TimeSpan.Zero), entry.Modified);
            Assert.Equal(string.Empty, entry.UserName);
            Assert.Equal(string.Empty, entry.GroupName);
            Assert.Equal(TarEntryFormat.Ustar, entry.Format);
        });
    }

    [Fact]
    public async Task Long_paths_use_the_ustar_prefix_when_they_can_and_pax_when_they_cannot()
    {
        string splittable = "/app/" + new string('d', 120) + "/" + new string('f', 90) + ".dll";
        string unsplittable = "/app/" + new string('n', 130) + ".dll";
        string nonAscii = "/app/wwwroot/über/日本.txt";
        string longTarget = "/" + string.Join('/', Enumerable.Repeat("target", 20));
        LayerEntry[] entries =
        [
            File(splittable, "one"),
            File(unsplittable, "two"),
            File(nonAscii, "three"),
            new LayerEntry { ContainerPath = "/app/link", Type = LayerEntryType.Symlink, LinkTarget = longTarget, Mode = (UnixFileMode)0x1FF },
        ];

        List<ReadEntry> read = await TarInspection.ReadAsync(await WriteAsync(entries));

        Assert.Equal(TarEntryFormat.Ustar, read.Single(entry => entry.Name == splittable[1..]).Format);
        Assert.Equal(TarEntryFormat.Pax, read.Single(entry => entry.Name == unsplittable[1..]).Format);
        Assert.Equal(TarEntryFormat.Pax, read.Single(entry => entry.Name == nonAscii[1..]).Format);
        Assert.Equal("three", read.Single(entry => entry.Name == nonAscii[1..]).Content);
        Assert.Equal(longTarget, read.Single(entry => entry.Name == "app/link").LinkName);
        Assert.Equal(TarEntryFormat.Ustar, read.Single(entry => entry.Name == "app/wwwroot/").Format);
    }

    [Fact]
    public async Task Pax_headers_have_a_stable_name_without_a_process_id()
    {
        LayerEntry[] entries = [File("/app/日本.txt", "x")];

        byte[] tar = await WriteAsync(entries);

        // The second block (after "app/") is the PAX header; its name is derived from the entry only.
        Assert.Equal((byte)'x', tar[512 + 156]);
        string paxName = Encoding.ASCII.GetString(tar, 512, 100).TrimEnd('\0');
        Assert.Equal("PaxHeaders/__.txt", paxName);
        Assert.Equal(tar, await WriteAsync(entries));
    }

    [Fact]
    public async Task Ids_beyond_the_octal_fields_go_to_pax()
    {
        List<ReadEntry> read = await TarInspection.ReadAsync(await WriteAsync([File("/a.txt", "a") with { UserId = 3_000_000, GroupId = 5 }]));

        ReadEntry entry = Assert.Single(read);
        Assert.Equal(TarEntryFormat.Pax, entry.Format);
        Assert.Equal((3_000_000, 5), (entry.UserId, entry.GroupId));
    }

    [Fact]
    public async Task GNU_tar_reads_the_same_entries()
    {
        LayerEntry[] entries =
        [
            File("/app/App", "#!/bin/sh\n", Mode755),
            File("/app/" + new string('n', 130) + ".dll", "long"),
            File("/app/de/App.resources.dll", new string('r', 513)),
            new LayerEntry { ContainerPath = "/app/current", Type = LayerEntryType.Symlink, LinkTarget = "App", Mode = (UnixFileMode)0x1FF },
            new LayerEntry { ContainerPath = "/home/app", Type = LayerEntryType.Directory, Mode = Mode755, UserId = 1654, GroupId = 1654 },
            File("/app/ünï.txt", "u"),
        ];
        string tarPath = _folder.PathOf("layer.tar");
        await System.IO.File.WriteAllBytesAsync(tarPath, await WriteAsync(entries));

        string[][] lines = (await TarInspection.ListWithGnuTarAsync(tarPath))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToArray();

        string time = "2021-03-04 05:06:07";
        Assert.Equal(
            [
                $"drwxr-xr-x 0/0 0 {time} app/",
                $"-rwxr-xr-x 0/0 10 {time} app/App",
                $"lrwxrwxrwx 0/0 0 {time} app/current -> App",
                $"drwxr-xr-x 0/0 0 {time} app/de/",
                $"-rw-r--r-- 0/0 513 {time} app/de/App.resources.dll",
                $"-rw-r--r-- 0/0 4 {time} app/{new string('n', 130)}.dll",
                $"-rw-r--r-- 0/0 1 {time} app/ünï.txt",
                $"drwxr-xr-x 0/0 0 {time} home/",
                $"drwxr-xr-x 1654/1654 0 {time} home/app/",
            ],
            lines.Select(fields => string.Join(' ', fields)));
    }

    [Fact]
    public async Task The_archive_ends_with_two_zero_blocks()
    {
        byte[] tar = await WriteAsync([File("/a", new string('a', 700))]);

        Assert.Equal(0, tar.Length % 512);
        Assert.Equal((512 * 3) + 1024, tar.Length);
        Assert.All(tar[^1024..], value => Assert.Equal(0, value));
    }

    [Fact]
    public async Task Counts_files_and_symlinks_but_not_directories()
    {
        LayerEntry[] entries =
        [
            File("/a/b/c", "c"),
            new LayerEntry { ContainerPath = "/a/l", Type = LayerEntryType.Symlink, LinkTarget = "b", Mode = (UnixFileMode)0x1FF },
            new LayerEntry { ContainerPath = "/e", Type = LayerEntryType.Directory, Mode = Mode755 },
        ];

        int count = await ReproducibleTarWriter.WriteAsync(entries, s_timestamp, Stream.Null, CancellationToken.None);

        Assert.Equal(2, count);
    }

    [Fact]
    public async Task A_file_that_changes_size_while_read_is_an_error()
    {
        // procfs files report size 0 when opened but have content: exactly a file that grew after it was stat'ed.
        LayerEntry entry = new() { ContainerPath = "/proc-stat", SourcePath = "/proc/self/stat", Mode = Mode644 };

        var exception = await Assert.ThrowsAsync<ContainerizeException>(() => WriteAsync([entry]));

        Assert.Equal(ErrorCodes.PublishedFileChanged, exception.Code);
        Assert.Contains("/proc/self/stat", exception.Message);
    }

    [Fact]
    public async Task A_missing_file_is_named()
    {
        string missing = _folder.PathOf("gone.dll");
        LayerEntry entry = new() { ContainerPath = "/app/gone.dll", SourcePath = missing, Mode = Mode644 };

        var exception = await Assert.ThrowsAsync<ContainerizeException>(() => WriteAsync([entry]));

        Assert.Equal(ErrorCodes.PublishedFileMissing, exception.Code);
        Assert.Contains(missing, exception.Message);
    }

    [Theory]
    [InlineData("/a/b", "/a/b")]
    [InlineData("/a", "/a/b")]
    public async Task Duplicate_paths_and_files_used_as_folders_are_rejected(string first, string second)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => WriteAsync([File(first, "1"), File(second, "2")]));
    }

    [Theory]
    [InlineData("app/x")]
    [InlineData("/app/../x")]
    [InlineData("/app//x")]
    [InlineData("/app/")]
    public async Task Paths_must_be_normalized(string path)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => WriteAsync([File(path, "1")]));
    }

    private LayerEntry File(string containerPath, string content, UnixFileMode mode = Mode644)
    {
        string source = _folder.WriteFile(Guid.NewGuid().ToString("N"), content);
        return new LayerEntry { ContainerPath = containerPath, SourcePath = source, Mode = mode };
    }

    private static async Task<byte[]> WriteAsync(IEnumerable<LayerEntry> entries)
    {
        using var output = new MemoryStream();
        await ReproducibleTarWriter.WriteAsync(entries, s_timestamp, output, CancellationToken.None);
        return output.ToArray();
    }
}
