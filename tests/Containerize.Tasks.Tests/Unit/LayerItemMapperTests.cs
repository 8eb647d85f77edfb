using Containerize.Oci.Errors;
using Containerize.Oci.Planning;
using Containerize.Tasks.Mapping;
using Containerize.TestSupport;
using Microsoft.Build.Utilities;

namespace Containerize.Tasks.Tests.Unit;

public sealed class LayerItemMapperTests
{
    [Fact]
    public void A_rule_gives_one_planner_rule_per_pattern()
    {
        var rule = new TaskItem("static");
        rule.SetMetadata("Pattern", "wwwroot/** ; *.svg");

        Assert.Equal([new LayerRule("static", "wwwroot/**"), new LayerRule("static", "*.svg")], LayerItemMapper.MapRules([rule]));
    }

    [Fact]
    public void A_rule_without_a_pattern_is_CTZ2107() =>
        Assert.Equal(ErrorCodes.InvalidLayerRule, Assert.Throws<ContainerizeException>(() => LayerItemMapper.MapRules([new TaskItem("static")])).Code);

    [Fact]
    public void A_glob_in_Include_is_explained_because_MSBuild_has_already_expanded_it()
    {
        var expanded = new TaskItem("wwwroot/css/site.css");
        expanded.SetMetadata("Layer", "static");

        var error = Assert.Throws<ContainerizeException>(() => LayerItemMapper.MapRules([expanded]));

        Assert.Equal(ErrorCodes.InvalidLayerRule, error.Code);
        Assert.Contains("wwwroot/css/site.css", error.Message, StringComparison.Ordinal);
        Assert.Contains("Pattern", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Owner", "app", "CTZ2105")]
    [InlineData("FileMode", "rwx", "CTZ2104")]
    [InlineData("DirectoryMode", "0999", "CTZ2104")]
    public void Bad_owner_or_modes_are_reported_with_the_item(string metadata, string value, string code)
    {
        var item = new TaskItem(RepositoryPaths.CreateWorkDirectory("extra"));
        item.SetMetadata("ContainerPath", "/opt");
        item.SetMetadata(metadata, value);

        var error = Assert.Throws<ContainerizeException>(() => LayerItemMapper.MapExtraLayers([item]));

        Assert.Equal(code, error.Code);
        Assert.Contains(item.ItemSpec, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_extra_layer_takes_owner_modes_and_defaults_its_name()
    {
        string folder = RepositoryPaths.CreateWorkDirectory("extra");
        var item = new TaskItem(folder);
        item.SetMetadata("ContainerPath", "/opt/extras");
        item.SetMetadata("Owner", "1654:1654");
        item.SetMetadata("FileMode", "0640");

        ExtraLayerSource layer = LayerItemMapper.MapExtraLayers([item]).Single();

        Assert.Equal("extra", layer.LayerName);
        Assert.Equal(Path.GetFullPath(folder), Path.GetFullPath(layer.SourceDirectory));
        Assert.Equal("/opt/extras", layer.ContainerDirectory);
        Assert.Equal((1654, 1654), (layer.UserId, layer.GroupId));
        Assert.Equal((UnixFileMode)0b110_100_000, layer.FileMode);
        Assert.Null(layer.DirectoryMode);
    }

    [Fact]
    public void A_missing_extra_folder_is_CTZ2103_naming_it()
    {
        var item = new TaskItem("/no/such/folder");
        item.SetMetadata("ContainerPath", "/opt");

        var error = Assert.Throws<ContainerizeException>(() => LayerItemMapper.MapExtraLayers([item]));

        Assert.Equal(ErrorCodes.ExtraLayerFolderMissing, error.Code);
        Assert.Contains("/no/such/folder", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("opt/extras")]
    public void An_extra_layer_needs_an_absolute_container_path(string containerPath)
    {
        var item = new TaskItem(RepositoryPaths.CreateWorkDirectory("extra"));
        item.SetMetadata("ContainerPath", containerPath);

        Assert.Equal(ErrorCodes.InvalidContainerPath, Assert.Throws<ContainerizeException>(() => LayerItemMapper.MapExtraLayers([item])).Code);
    }
}
