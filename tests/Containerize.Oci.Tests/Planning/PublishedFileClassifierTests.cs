using Containerize.Oci.Layers;
using Containerize.Oci.Planning;

namespace Containerize.Oci.Tests.Planning;

public sealed class PublishedFileClassifierTests
{
    private static readonly HashSet<string> s_runtimePacks = new(StringComparer.OrdinalIgnoreCase)
    {
        "Microsoft.NETCore.App.Runtime.linux-x64",
        "Microsoft.AspNetCore.App.Runtime.linux-x64",
    };

    [Theory]
    [InlineData("Microsoft.NETCore.App.Runtime.linux-x64", "10.0.12", null, null, LayerKind.Runtime)]
    [InlineData("microsoft.aspnetcore.app.runtime.linux-x64", "10.0.12", null, null, LayerKind.Runtime)]
    [InlineData("Microsoft.NETCore.App.Runtime.linux-x64", "11.0.0-preview.1", null, null, LayerKind.Runtime)]
    [InlineData("Newtonsoft.Json", "13.0.3", null, null, LayerKind.Packages)]
    [InlineData("Meta", "1.2.3+sha.9-f", null, null, LayerKind.Packages)]
    [InlineData("NoVersion", null, null, null, LayerKind.Packages)]
    [InlineData("Some.Preview", "1.0.0-preview.3", null, null, LayerKind.PrereleasePackages)]
    [InlineData("Some.Preview", "1.0.0-rc.1+build.5", null, null, LayerKind.PrereleasePackages)]
    [InlineData(null, null, "ProjectReference", "/src/Lib/Lib.csproj", LayerKind.ProjectReferences)]
    [InlineData(null, null, "projectreference", null, LayerKind.ProjectReferences)]
    [InlineData(null, null, null, "/src/Lib/Lib.csproj", LayerKind.ProjectReferences)]
    // A transitive project reference also carries the NuGet id and version the assets file gives it.
    [InlineData("LibB", "1.0.0", "ProjectReference", "/src/LibB/LibB.csproj", LayerKind.ProjectReferences)]
    [InlineData(null, null, null, null, LayerKind.App)]
    [InlineData("", "", "", "", LayerKind.App)]
    public void Classifies_from_metadata(string? packageId, string? version, string? referenceSource, string? sourceProject, LayerKind expected)
    {
        var file = new PublishedFile
        {
            SourcePath = "/publish/x",
            RelativePath = "x",
            NuGetPackageId = packageId,
            NuGetPackageVersion = version,
            ReferenceSourceTarget = referenceSource,
            SourceProjectFile = sourceProject,
        };

        Assert.Equal(expected, PublishedFileClassifier.Classify(file, s_runtimePacks));
    }

    [Fact]
    public void The_file_name_does_not_matter()
    {
        var lookalike = new PublishedFile { SourcePath = "/publish/libcoreclr.so", RelativePath = "libcoreclr.so" };

        Assert.Equal(LayerKind.App, PublishedFileClassifier.Classify(lookalike, s_runtimePacks));
    }
}
