using Containerize.Oci.Planning;
using Containerize.Oci.Tests.Layers;

namespace Containerize.Oci.Tests.Planning;

/// <summary>
/// A publish output shaped like a real self-contained app's items (see machine-facts "Telling published files apart"):
/// runtime pack files, release and prerelease packages, a project reference with its satellite, pdb and content, and
/// the app's own files, including the apphost and a satellite whose RelativePath has a backslash.
/// </summary>
internal sealed class SamplePublish : IDisposable
{
    public const string RuntimePack = "Microsoft.NETCore.App.Runtime.linux-x64";
    private const string LibraryProject = "/src/Lib/Lib.csproj";

    private readonly List<PublishedFile> _files = [];

    public SamplePublish()
    {
        Folder = new TestFolder("publish");
        Add("libcoreclr.so", packageId: RuntimePack, version: "10.0.12");
        Add("createdump", packageId: RuntimePack, version: "10.0.12", executable: true);
        Add("System.Private.CoreLib.dll", packageId: RuntimePack, version: "10.0.12");
        Add("Newtonsoft.Json.dll", packageId: "Newtonsoft.Json", version: "13.0.3");
        Add("de/Humanizer.resources.dll", packageId: "Humanizer.Core.de", version: "2.14.1");
        Add("Some.Preview.dll", packageId: "Some.Preview", version: "1.0.0-preview.3+sha.abc");
        Add("Lib.dll", referenceSource: "ProjectReference", sourceProject: LibraryProject);
        Add("Lib.pdb", referenceSource: "ProjectReference", sourceProject: LibraryProject);
        Add("de/Lib.resources.dll", referenceSource: "ProjectReference", sourceProject: LibraryProject);
        Add("lib-settings.json", sourceProject: LibraryProject);
        Add("App.dll");
        Add("App", executable: true);
        Add("App.pdb");
        Add("App.deps.json");
        Add("App.runtimeconfig.json");
        Add("appsettings.json");
        Add("wwwroot/css/site.css");
        Add("wwwroot/index.html");
        Add("de\\App.resources.dll", diskPath: "de/App.resources.dll");
    }

    public TestFolder Folder { get; }

    public IReadOnlyList<PublishedFile> Files => _files;

    public LayerPlanRequest Request() => new()
    {
        PublishedFiles = _files,
        RuntimePackIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { RuntimePack },
    };

    public PublishedFile Add(
        string relativePath,
        string? packageId = null,
        string? version = null,
        string? referenceSource = null,
        string? sourceProject = null,
        bool executable = false,
        string? diskPath = null)
    {
        string source = Folder.WriteFile(Path.Combine("out", diskPath ?? relativePath), "content of " + relativePath, executable);
        var file = new PublishedFile
        {
            SourcePath = source,
            RelativePath = relativePath,
            NuGetPackageId = packageId,
            NuGetPackageVersion = version,
            ReferenceSourceTarget = referenceSource,
            SourceProjectFile = sourceProject,
        };
        _files.Add(file);
        return file;
    }

    public void Dispose() => Folder.Dispose();
}
