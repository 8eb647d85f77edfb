using Containerize.Tasks.Destinations;
using Containerize.TestSupport;

namespace Containerize.Tasks.Tests.Unit;

public sealed class DestinationSelectorTests
{
    [Fact]
    public void A_path_with_an_extension_is_the_archive_itself() =>
        Assert.Equal("/out/app.tar", DestinationSelector.ResolveArchivePath("/out/app.tar", "team/api"));

    [Fact]
    public void A_folder_gets_the_repository_as_file_name()
    {
        string existing = RepositoryPaths.CreateWorkDirectory("archive-folder");

        Assert.Equal("/out/images/team-api.tar", DestinationSelector.ResolveArchivePath("/out/images/", "team/api"));
        Assert.Equal("/out/images/api.tar", DestinationSelector.ResolveArchivePath("/out/images", "api"));
        Assert.Equal(Path.Combine(existing, "api.tar"), DestinationSelector.ResolveArchivePath(existing, "api"));
    }

    [Fact]
    public void Without_any_destination_the_archive_goes_to_the_default_folder()
    {
        var task = new BuildLayeredImage { Repository = "api", DefaultArchiveDirectory = "/proj/bin/container/", WorkDirectory = "/proj/obj/c" };

        var destination = Assert.IsType<ArchiveDestination>(Assert.Single(DestinationSelector.Select(task)));

        Assert.NotNull(destination);
    }

    [Fact]
    public void An_oci_layout_alone_replaces_the_default_archive_and_both_can_be_asked_for()
    {
        var layoutOnly = new BuildLayeredImage { Repository = "api", DefaultArchiveDirectory = "/d/", WorkDirectory = "/w", OciLayoutPath = "/layout" };
        var both = new BuildLayeredImage { Repository = "api", DefaultArchiveDirectory = "/d/", WorkDirectory = "/w", OciLayoutPath = "/layout", ArchiveOutputPath = "/a.tar" };

        Assert.IsType<OciLayoutDestination>(Assert.Single(DestinationSelector.Select(layoutOnly)));
        Assert.Equal([typeof(OciLayoutDestination), typeof(ArchiveDestination)], DestinationSelector.Select(both).Select(destination => destination.GetType()));
    }
}
