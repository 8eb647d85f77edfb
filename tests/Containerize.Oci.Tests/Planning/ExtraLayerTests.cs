using Containerize.Oci.Layers;
using Containerize.Oci.Planning;
using Containerize.Oci.Tests.Layers;

namespace Containerize.Oci.Tests.Planning;

public sealed class ExtraLayerTests : IDisposable
{
    private readonly SamplePublish _publish = new();
    private readonly TestFolder _extra = new("extra");

    public void Dispose()
    {
        _publish.Dispose();
        _extra.Dispose();
    }

    [Fact]
    public void The_whole_tree_is_added_with_hidden_files_symlinks_owner_and_modes()
    {
        _extra.WriteFile("tree/config.json", "{}");
        _extra.WriteFile("tree/.hidden", "h");
        _extra.WriteFile("tree/.config/tool/settings", "s");
        _extra.WriteFile("tree/bin/run.sh", "#!/bin/sh", executable: true);
        _extra.CreateDirectory("tree/empty");
        _extra.WriteFile("outside/secret.txt", "not in the layer");
        File.CreateSymbolicLink(_extra.PathOf("tree/current"), "config.json");
        Directory.CreateSymbolicLink(_extra.PathOf("tree/linked-folder"), _extra.PathOf("outside"));
        ExtraLayerSource source = new()
        {
            LayerName = "extras",
            SourceDirectory = _extra.PathOf("tree"),
            ContainerDirectory = "/opt/extras/",
            UserId = 1654,
            GroupId = 1655,
            DirectoryMode = (UnixFileMode)0b111_101_000,
        };

        PlannedLayer layer = LayerPlanner.Plan(_publish.Request() with { ExtraLayers = [source] }).Layers[^1];

        Assert.Equal(("extras", LayerKind.Extra), (layer.Name, layer.Kind));
        Assert.Equal(
            [
                "/opt/extras Directory 750",
                "/opt/extras/.config Directory 750",
                "/opt/extras/.config/tool Directory 750",
                "/opt/extras/.config/tool/settings File 644",
                "/opt/extras/.hidden File 644",
                "/opt/extras/bin Directory 750",
                "/opt/extras/bin/run.sh File 755",
                "/opt/extras/config.json File 644",
                "/opt/extras/current Symlink 777 config.json",
                "/opt/extras/empty Directory 750",
                $"/opt/extras/linked-folder Symlink 777 {_extra.PathOf("outside")}",
            ],
            layer.Entries.Select(entry => $"{entry.ContainerPath} {entry.Type} {Convert.ToString((int)entry.Mode, 8)} {entry.LinkTarget}".TrimEnd()));
        Assert.All(layer.Entries, entry => Assert.Equal((1654, 1655), (entry.UserId, entry.GroupId)));
    }

    [Fact]
    public void A_given_file_mode_applies_to_every_file()
    {
        _extra.WriteFile("tree/run.sh", "#!/bin/sh", executable: true);
        _extra.WriteFile("tree/data.txt", "d");
        ExtraLayerSource source = new() { LayerName = "extras", SourceDirectory = _extra.PathOf("tree"), ContainerDirectory = "/opt/x", FileMode = (UnixFileMode)0b110_000_000 };

        PlannedLayer layer = LayerPlanner.Plan(_publish.Request() with { ExtraLayers = [source] }).Layers[^1];

        Assert.All(layer.Entries.Where(entry => entry.Type == LayerEntryType.File), entry => Assert.Equal((UnixFileMode)0b110_000_000, entry.Mode));
        Assert.Equal(FileModes.Directory, layer.Entries.Single(entry => entry.ContainerPath == "/opt/x").Mode);
    }

    [Fact]
    public void Extra_layers_come_after_app_in_the_given_order_and_same_names_share_a_layer()
    {
        _extra.WriteFile("one/a.txt", "a");
        _extra.WriteFile("two/b.txt", "b");
        _extra.WriteFile("three/c.txt", "c");
        ExtraLayerSource[] extras =
        [
            new() { LayerName = "zeta", SourceDirectory = _extra.PathOf("one"), ContainerDirectory = "/opt/one" },
            new() { LayerName = "alpha", SourceDirectory = _extra.PathOf("two"), ContainerDirectory = "/opt/two" },
            new() { LayerName = "zeta", SourceDirectory = _extra.PathOf("three"), ContainerDirectory = "/etc/three" },
        ];

        LayerPlan plan = LayerPlanner.Plan(_publish.Request() with { ExtraLayers = extras, Rules = [new LayerRule("static", "wwwroot/**")] });

        Assert.Equal(["runtime", "packages", "prerelease-packages", "project-references", "static", "app", "zeta", "alpha"], plan.Layers.Select(layer => layer.Name));
        Assert.Equal(["/etc/three", "/etc/three/c.txt", "/opt/one", "/opt/one/a.txt"], plan.Layers.Single(layer => layer.Name == "zeta").Entries.Select(entry => entry.ContainerPath));
    }

    [Fact]
    public void An_extra_folder_at_the_root_adds_its_contents_without_a_root_entry()
    {
        _extra.WriteFile("root/etc/motd", "hello");

        PlannedLayer layer = LayerPlanner.Plan(_publish.Request() with
        {
            ExtraLayers = [new ExtraLayerSource { LayerName = "motd", SourceDirectory = _extra.PathOf("root"), ContainerDirectory = "/" }],
        }).Layers[^1];

        Assert.Equal(["/etc", "/etc/motd"], layer.Entries.Select(entry => entry.ContainerPath));
    }

    [Fact]
    public async Task An_extra_layer_writes_to_a_tar_that_keeps_its_symlinks_and_owner()
    {
        _extra.WriteFile("tree/config.json", "{}");
        File.CreateSymbolicLink(_extra.PathOf("tree/current"), "config.json");
        ExtraLayerSource source = new() { LayerName = "extras", SourceDirectory = _extra.PathOf("tree"), ContainerDirectory = "/opt/x", UserId = 1654, GroupId = 1654 };
        PlannedLayer layer = LayerPlanner.Plan(_publish.Request() with { ExtraLayers = [source] }).Layers[^1];

        using var tar = new MemoryStream();
        await ReproducibleTarWriter.WriteAsync(layer.Entries, DateTimeOffset.UnixEpoch, tar, CancellationToken.None);
        List<ReadEntry> read = await TarInspection.ReadAsync(tar.ToArray());

        Assert.Equal(["opt/", "opt/x/", "opt/x/config.json", "opt/x/current"], read.Select(entry => entry.Name));
        Assert.Equal((0, 0), (read[0].UserId, read[0].GroupId));
        Assert.All(read.Skip(1), entry => Assert.Equal((1654, 1654), (entry.UserId, entry.GroupId)));
        Assert.Equal("config.json", read[^1].LinkName);
    }
}
