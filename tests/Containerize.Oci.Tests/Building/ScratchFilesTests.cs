using Containerize.Oci.Building;
using Containerize.Oci.Layers;
using Containerize.Oci.Logging;
using Containerize.Oci.Planning;
using Containerize.Oci.Tests.Sources;

namespace Containerize.Oci.Tests.Building;

/// <summary>On scratch our image gets a bottom layer with passwd, group, the user's home and /tmp, for the configured user.</summary>
public sealed class ScratchFilesTests
{
    [Fact]
    public async Task A_scratch_image_names_its_numeric_user_in_passwd_and_group_and_has_a_sticky_tmp()
    {
        string root = TestLayoutBuilder.CreateTemporaryDirectory("scratch-files");
        string publish = Directory.CreateDirectory(Path.Combine(root, "publish")).FullName;
        await File.WriteAllTextAsync(Path.Combine(publish, "App.dll"), "app");
        var request = new ImageBuildRequest
        {
            BaseImage = "scratch",
            RuntimeIdentifier = "linux-x64",
            Layers = new LayerPlanRequest { PublishedFiles = [new PublishedFile { SourcePath = Path.Combine(publish, "App.dll"), RelativePath = "App.dll" }] },
            Settings = new ImageSettings { Repository = "team/scratch", User = "1000:2000" },
            WorkDirectory = Path.Combine(root, "work"),
            RunCheck = false,
        };

        BuiltImage image = await new LayeredImageBuilder(NullBuildLog.Instance).BuildAsync(request, default);
        BuiltLayer files = image.AppLayers[0];
        var entries = new Dictionary<string, (System.Formats.Tar.TarEntryType Type, UnixFileMode Mode, int Uid, int Gid, string Text)>();
        await using (Stream tar = await files.OpenUncompressedAsync(default))
        {
            var reader = new System.Formats.Tar.TarReader(tar);
            while (await reader.GetNextEntryAsync(copyData: true) is { } entry)
            {
                string text = entry.DataStream is null ? "" : await new StreamReader(entry.DataStream).ReadToEndAsync();
                entries[entry.Name.TrimEnd('/')] = (entry.EntryType, entry.Mode, entry.Uid, entry.Gid, text);
            }
        }

        Assert.Equal(ScratchFiles.LayerName, files.Name);
        Assert.Equal(["app"], image.AppLayers.Skip(1).Select(layer => layer.Name));
        Assert.Equal("root:x:0:0:root:/root:/sbin/nologin\napp:x:1000:2000:app:/home/app:/sbin/nologin\n", entries["etc/passwd"].Text);
        Assert.Equal("root:x:0:\napp:x:2000:\n", entries["etc/group"].Text);
        Assert.Equal((UnixFileMode)0b1_111_111_111, entries["tmp"].Mode);
        Assert.Equal((1000, 2000), (entries["home/app"].Uid, entries["home/app"].Gid));
    }
}
