using Containerize.Oci.Errors;
using Containerize.Oci.Logging;
using Containerize.Oci.Registry;
using Containerize.Tasks.Destinations;
using Containerize.TestSupport;

namespace Containerize.Tasks.Tests.Unit;

public sealed class DestinationSelectorTests
{
    private static readonly RegistryOptions Options = new();
    private static readonly IBuildLog Log = new NullBuildLog();

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

        var destination = Assert.IsType<ArchiveDestination>(Assert.Single(DestinationSelector.Select(task, Options, Log)));

        Assert.NotNull(destination);
    }

    [Fact]
    public void An_oci_layout_alone_replaces_the_default_archive_and_both_can_be_asked_for()
    {
        var layoutOnly = new BuildLayeredImage { Repository = "api", DefaultArchiveDirectory = "/d/", WorkDirectory = "/w", OciLayoutPath = "/layout" };
        var both = new BuildLayeredImage { Repository = "api", DefaultArchiveDirectory = "/d/", WorkDirectory = "/w", OciLayoutPath = "/layout", ArchiveOutputPath = "/a.tar" };

        Assert.IsType<OciLayoutDestination>(Assert.Single(DestinationSelector.Select(layoutOnly, Options, Log)));
        Assert.Equal([typeof(OciLayoutDestination), typeof(ArchiveDestination)], DestinationSelector.Select(both, Options, Log).Select(destination => destination.GetType()));
    }

    [Fact]
    public void A_registry_replaces_the_default_archive_and_an_archive_asked_for_is_still_written()
    {
        var registryOnly = new BuildLayeredImage { Repository = "team/api", DefaultArchiveDirectory = "/d/", WorkDirectory = "/w", Registry = "registry.example:5000" };
        var withArchive = new BuildLayeredImage { Repository = "team/api", DefaultArchiveDirectory = "/d/", WorkDirectory = "/w", Registry = "registry.example:5000", ArchiveOutputPath = "/a.tar" };

        IReadOnlyList<IImageDestination> alone = DestinationSelector.Select(registryOnly, Options, Log);
        IReadOnlyList<IImageDestination> both = DestinationSelector.Select(withArchive, Options, Log);

        var registry = Assert.IsType<RegistryImageDestination>(Assert.Single(alone));
        Assert.Equal("/d/team-api.digest", registry.DigestFilePath);
        Assert.Equal([typeof(ArchiveDestination), typeof(RegistryImageDestination)], both.Select(destination => destination.GetType()));
        foreach (IDisposable disposable in alone.Concat(both).OfType<IDisposable>())
        {
            disposable.Dispose();
        }
    }

    [Theory]
    [InlineData("https://registry.example", ErrorCodes.InvalidRegistry)]
    [InlineData("registry.example/path", ErrorCodes.InvalidRegistry)]
    public void A_registry_that_is_not_host_and_port_is_refused_before_anything_is_built(string registry, string code)
    {
        var task = new BuildLayeredImage { Repository = "api", DefaultArchiveDirectory = "/d/", WorkDirectory = "/w", Registry = registry };

        var error = Assert.Throws<ContainerizeException>(() => DestinationSelector.Select(task, Options, Log));

        Assert.Equal(code, error.Code);
        Assert.Contains(registry, error.Message, StringComparison.Ordinal);
    }
}
