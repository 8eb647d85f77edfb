using Containerize.Oci.Layers;
using Containerize.Oci.Model;
using Containerize.Oci.Planning;
using Containerize.Oci.Storage;
using Containerize.Oci.Tests.Layers;

namespace Containerize.Oci.Tests.Planning;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PlanDeterminismTests : IDisposable
{
    private readonly TestFolder _folder = new("plan-determinism");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Two_publish_folders_with_the_same_files_give_the_same_layer_digests()
    {
        (string Path, string? Package, string? Version, bool Executable)[] files =
        [
            ("App", null, null, true),
            ("App.dll", null, null, false),
            ("Newtonsoft.Json.dll", "Newtonsoft.Json", "13.0.3", false),
            ("Preview.dll", "Preview", "2.0.0-beta", false),
            ("libcoreclr.so", "Microsoft.NETCore.App.Runtime.linux-x64", "10.0.12", false),
            ("wwwroot/css/site.css", null, null, false),
        ];

        IReadOnlyList<BuiltLayer> first = await BuildAsync("one", files, DateTime.UnixEpoch.AddDays(1), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        IReadOnlyList<BuiltLayer> second = await BuildAsync("second-folder", [.. files.Reverse()], DateTime.UtcNow, UnixFileMode.UserRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite);

        Assert.Equal(4, first.Count);
        Assert.Equal(first.Select(layer => (layer.Name, layer.DiffId, layer.Descriptor.Digest)), second.Select(layer => (layer.Name, layer.DiffId, layer.Descriptor.Digest)));
    }

    /// <summary>Creates the files in the given order with the given mtime and non-execute permission bits, then plans and writes.</summary>
    private async Task<IReadOnlyList<BuiltLayer>> BuildAsync(
        string name, (string Path, string? Package, string? Version, bool Executable)[] files, DateTime modified, UnixFileMode otherBits)
    {
        string root = _folder.CreateDirectory(name);
        var published = new List<PublishedFile>();
        foreach ((string path, string? package, string? version, bool executable) in files)
        {
            string source = _folder.WriteFile(Path.Combine(root, path), "bytes of " + path, executable, modified);
            File.SetUnixFileMode(source, executable ? otherBits | UnixFileMode.UserExecute : otherBits);
            published.Add(new PublishedFile { SourcePath = source, RelativePath = path, NuGetPackageId = package, NuGetPackageVersion = version });
        }

        LayerPlan plan = LayerPlanner.Plan(new LayerPlanRequest
        {
            PublishedFiles = published,
            RuntimePackIds = new HashSet<string> { "Microsoft.NETCore.App.Runtime.linux-x64" },
        });
        var store = new LocalBlobStore(Path.Combine(root, "..", name + "-store"));
        var options = new LayerWriteOptions { Timestamp = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), MediaType = MediaTypes.OciLayerGzip };
        var built = new List<BuiltLayer>();
        foreach (PlannedLayer layer in plan.Layers)
        {
            built.Add(await LayerBlobWriter.WriteAsync(layer, options, store, CancellationToken.None));
        }

        return built;
    }
}
