using Containerize.Oci.Destinations;
using Containerize.Oci.Errors;
using Containerize.Oci.Logging;
using Containerize.Oci.Registry;
using Containerize.Tasks.Mapping;
using Containerize.Tasks.Parameters;
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
        using MultiDestination destinations = Select(new ImageTaskSettings { DefaultArchiveDirectory = "/proj/bin/container/", WorkDirectory = "/proj/obj/c" }, "api");

        var archive = Assert.IsType<OciArchiveDestination>(Assert.Single(destinations.Destinations));
        Assert.Equal("/proj/bin/container/api.tar", archive.ArchivePath);
    }

    [Fact]
    public void An_oci_layout_alone_replaces_the_default_archive_and_both_can_be_asked_for()
    {
        using MultiDestination layoutOnly = Select(new ImageTaskSettings { DefaultArchiveDirectory = "/d/", WorkDirectory = "/w", OciLayoutPath = "/layout" }, "api");
        using MultiDestination both = Select(new ImageTaskSettings { DefaultArchiveDirectory = "/d/", WorkDirectory = "/w", OciLayoutPath = "/layout", ArchiveOutputPath = "/a.tar" }, "api");

        Assert.IsType<OciLayoutDestination>(Assert.Single(layoutOnly.Destinations));
        Assert.Equal([typeof(OciLayoutDestination), typeof(OciArchiveDestination)], both.Destinations.Select(destination => destination.GetType()));
    }

    [Fact]
    public void A_registry_replaces_the_default_archive_and_an_archive_asked_for_is_still_written()
    {
        using MultiDestination alone = Select(new ImageTaskSettings { DefaultArchiveDirectory = "/d/", WorkDirectory = "/w", Registry = "registry.example:5000" }, "team/api");
        using MultiDestination both = Select(new ImageTaskSettings { DefaultArchiveDirectory = "/d/", WorkDirectory = "/w", Registry = "registry.example:5000", ArchiveOutputPath = "/a.tar" }, "team/api");

        var registry = Assert.IsType<RegistryDestination>(Assert.Single(alone.Destinations));
        Assert.Equal("/d/team-api.digest", registry.DigestFilePath);
        Assert.Equal([typeof(OciArchiveDestination), typeof(RegistryDestination)], both.Destinations.Select(destination => destination.GetType()));
    }

    [Theory]
    [InlineData("Docker", LocalEngine.Docker)]
    [InlineData("podman", LocalEngine.Podman)]
    public void LocalRegistry_loads_into_that_engine_instead_of_the_default_archive(string value, LocalEngine engine)
    {
        using MultiDestination destinations = Select(new ImageTaskSettings { DefaultArchiveDirectory = "/d/", WorkDirectory = "/w", LocalRegistry = value }, "api");

        Assert.Equal(engine, Assert.IsType<LocalEngineDestination>(Assert.Single(destinations.Destinations)).Engine);
    }

    [Fact]
    public void An_unknown_LocalRegistry_is_CTZ2031_naming_the_value()
    {
        var error = Assert.Throws<ContainerizeException>(() => Select(new ImageTaskSettings { DefaultArchiveDirectory = "/d/", WorkDirectory = "/w", LocalRegistry = "containerd" }, "api"));

        Assert.Equal(ErrorCodes.InvalidLocalRegistry, error.Code);
        Assert.Contains("'containerd'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://registry.example", ErrorCodes.InvalidRegistry)]
    [InlineData("registry.example/path", ErrorCodes.InvalidRegistry)]
    public void A_registry_that_is_not_host_and_port_is_refused_before_anything_is_built(string registry, string code)
    {
        var error = Assert.Throws<ContainerizeException>(() => Select(new ImageTaskSettings { DefaultArchiveDirectory = "/d/", WorkDirectory = "/w", Registry = registry }, "api"));

        Assert.Equal(code, error.Code);
        Assert.Contains(registry, error.Message, StringComparison.Ordinal);
    }

    private static MultiDestination Select(ImageTaskSettings settings, string repository) => DestinationSelector.Select(settings, repository, Options, Log);
}
