using Containerize.Oci.Planning;
using Containerize.Tasks.Mapping;
using Containerize.TestSupport;
using Microsoft.Build.Utilities;

namespace Containerize.Tasks.Tests.Unit;

public sealed class PublishedFileMapperTests
{
    [Fact]
    public void Copies_the_classification_metadata_and_leaves_missing_metadata_null()
    {
        var package = new TaskItem("/nuget/newtonsoft.json/13.0.4/lib/net6.0/Newtonsoft.Json.dll");
        package.SetMetadata("RelativePath", "Newtonsoft.Json.dll");
        package.SetMetadata("NuGetPackageId", "Newtonsoft.Json");
        package.SetMetadata("NuGetPackageVersion", "13.0.4");
        var reference = new TaskItem("/src/Core/bin/Core.dll");
        reference.SetMetadata("RelativePath", "Core.dll");
        reference.SetMetadata("ReferenceSourceTarget", "ProjectReference");
        reference.SetMetadata("MSBuildSourceProjectFile", "/src/Core/Core.csproj");

        IReadOnlyList<PublishedFile> files = PublishedFileMapper.Map([package, reference], "");

        Assert.Equal("Newtonsoft.Json", files[0].NuGetPackageId);
        Assert.Equal("13.0.4", files[0].NuGetPackageVersion);
        Assert.Null(files[0].ReferenceSourceTarget);
        Assert.Null(files[0].SourceProjectFile);
        Assert.Equal("ProjectReference", files[1].ReferenceSourceTarget);
        Assert.Equal("/src/Core/Core.csproj", files[1].SourceProjectFile);
        Assert.Null(files[1].NuGetPackageId);
    }

    [Fact]
    public void A_file_a_package_copied_with_its_own_targets_is_known_by_its_path_in_the_packages_folder()
    {
        var native = new TaskItem("/nuget/microsoft.ml.onnxruntime/1.31.1/runtimes/win-x64/native/onnxruntime.dll");
        native.SetMetadata("RelativePath", "onnxruntime.dll");
        var own = new TaskItem("/src/App/obj/App.dll");
        own.SetMetadata("RelativePath", "App.dll");
        var besideTheRoot = new TaskItem("/nuget-other/x/1.0.0/x.dll");
        besideTheRoot.SetMetadata("RelativePath", "x.dll");

        IReadOnlyList<PublishedFile> files = PublishedFileMapper.Map([native, own, besideTheRoot], "", "/nuget/");

        Assert.Equal(("microsoft.ml.onnxruntime", "1.31.1"), (files[0].NuGetPackageId, files[0].NuGetPackageVersion));
        Assert.Null(files[1].NuGetPackageId);
        Assert.Null(files[2].NuGetPackageId);
    }

    [Fact]
    public void Turns_backslashes_of_satellite_paths_into_slashes()
    {
        var satellite = new TaskItem("/obj/de/App.resources.dll");
        satellite.SetMetadata("RelativePath", @"de\App.resources.dll");

        Assert.Equal("de/App.resources.dll", PublishedFileMapper.Map([satellite], "").Single().RelativePath);
    }

    [Fact]
    public void Reads_the_bytes_from_the_publish_folder_when_the_file_is_there_and_from_the_item_otherwise()
    {
        string publishDirectory = RepositoryPaths.CreateWorkDirectory("mapper");
        Directory.CreateDirectory(Path.Combine(publishDirectory, "sub"));
        File.WriteAllText(Path.Combine(publishDirectory, "sub", "published.txt"), "x");
        var published = new TaskItem("/obj/intermediate/published.txt");
        published.SetMetadata("RelativePath", "sub/published.txt");
        var notPublished = new TaskItem("/obj/intermediate/other.txt");
        notPublished.SetMetadata("RelativePath", "other.txt");

        IReadOnlyList<PublishedFile> files = PublishedFileMapper.Map([published, notPublished], publishDirectory + "/");

        Assert.Equal(Path.Combine(publishDirectory, "sub", "published.txt"), files[0].SourcePath);
        Assert.Equal("/obj/intermediate/other.txt", files[1].SourcePath);
    }

    [Fact]
    public void Files_in_the_publish_folder_that_no_item_names_are_added_as_the_apps_own_hidden_ones_too()
    {
        string publishDirectory = RepositoryPaths.CreateWorkDirectory("mapper-unlisted");
        Directory.CreateDirectory(Path.Combine(publishDirectory, "wwwroot", ".well-known"));
        File.WriteAllText(Path.Combine(publishDirectory, "App.dll"), "x");
        File.WriteAllText(Path.Combine(publishDirectory, "web.config"), "x");
        File.WriteAllText(Path.Combine(publishDirectory, "wwwroot", ".well-known", "security.txt"), "x");
        var listed = new TaskItem("/obj/App.dll");
        listed.SetMetadata("RelativePath", "App.dll");
        listed.SetMetadata("NuGetPackageId", "Listed");

        IReadOnlyList<PublishedFile> files = PublishedFileMapper.Map([listed], publishDirectory);

        Assert.Equal(["App.dll", "web.config", "wwwroot/.well-known/security.txt"], files.Select(file => file.RelativePath));
        Assert.Equal("Listed", files[0].NuGetPackageId);
        Assert.All(files.Skip(1), file => Assert.Null(file.NuGetPackageId));
        Assert.Equal(Path.Combine(publishDirectory, "web.config"), files[1].SourcePath);
    }
}
