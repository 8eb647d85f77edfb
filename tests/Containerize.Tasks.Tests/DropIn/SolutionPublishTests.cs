using System.Text.RegularExpressions;
using Containerize.Tasks.Tests.Registry;
using Containerize.TestSupport;
using Containerize.TestSupport.Registry;
using Containerize.TestSupport.Samples;

namespace Containerize.Tasks.Tests.DropIn;

/// <summary>
/// A whole solution in one CI step against a real registry: `dotnet publish services.slnx -t:PublishLayeredImage` images
/// the two web services and the worker, skips the library and the test project with a message, builds and uploads the
/// layers the apps share once (counted by the registry's own access log); a solution with a project that does not
/// reference the package works in the ContainerizeOnPublish form, and in the -t: form with the documented Directory.Solution.targets.
/// </summary>
public sealed partial class SolutionPublishTests : IClassFixture<SolutionPublishFixture>
{
    private static readonly string[] s_apps = ["ordersapi", "billingapi", "worker"];

    private readonly DistributionRegistryServer _registry;
    private readonly SampleWorkspace _workspace;
    private readonly string _root;
    private readonly ProcessResult _publish;
    private readonly string _log;

    public SolutionPublishTests(SolutionPublishFixture fixture)
    {
        (_registry, _workspace, _root, _publish, _log) = (fixture.Registry, fixture.Workspace, fixture.Root, fixture.Publish, fixture.Log);
    }

    [Fact]
    public async Task One_publish_of_the_solution_pushes_an_image_for_each_app_and_skips_the_library_and_the_test_project()
    {
        _publish.EnsureSuccess();
        foreach (string app in s_apps)
        {
            Assert.Equal(["1.0"], await RegistryTools.ListTagsAsync($"{_registry.Address}/{app}"));
        }

        Assert.Contains("WebApi.Core: no image, since it is a library", _publish.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Tests: no image, since it is a test project", _publish.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Push to " + _registry.Address + "/tests", _log, StringComparison.Ordinal);
        Assert.DoesNotContain("Push to " + _registry.Address + "/webapi.core", _log, StringComparison.Ordinal);
    }

    [Fact]
    public void The_layers_the_apps_share_are_uploaded_once_as_the_registry_counts()
    {
        _publish.EnsureSuccess();
        var rows = PushLog.Rows(_log);
        string[] runtime = rows.Where(row => row.Blob == "runtime").Select(row => row.Digest).Distinct().ToArray();
        string[] packages = rows.Where(row => row.Blob == "packages").Select(row => row.Digest).Distinct().ToArray();
        IReadOnlyDictionary<string, int> uploads = CompletedUploads(_registry.Output);

        // Three apps on one runtime and RID share one runtime layer; the two web services share their packages layer.
        Assert.Equal(3, rows.Count(row => row.Blob == "runtime"));
        Assert.Single(runtime);
        Assert.Equal(2, rows.Count(row => row.Blob == "packages"));
        Assert.Single(packages);
        Assert.Equal(1, uploads.GetValueOrDefault(runtime[0]));
        Assert.Equal(1, uploads.GetValueOrDefault(packages[0]));
        Assert.All(uploads, upload => Assert.Equal(1, upload.Value));
        Assert.Equal(uploads.Count, rows.Count(row => row.Outcome == "uploaded"));
        Assert.Single(Regex.Matches(_log, @"^\s+runtime\s.*\bbuilt\b", RegexOptions.Multiline));
    }

    [Fact]
    public async Task A_solution_with_a_project_that_does_not_reference_the_package_works_in_both_forms()
    {
        string targetForm = RepositoryPaths.CreateWorkDirectory("solution-target-form");
        string publishForm = RepositoryPaths.CreateWorkDirectory("solution-publish-form");
        string solution = Path.Combine(_root, SolutionWorkspace.SolutionWithLegacy);
        string baseImage = $"-p:ContainerBaseImage={_registry.Address}/dotnet/runtime-deps:10.0";

        // -t:PublishLayeredImage through the documented Directory.Solution.targets, which skips projects without the target.
        ProcessResult target = await _workspace.DotnetAsync(["publish", solution, "-nologo", "-t:PublishLayeredImage", baseImage, $"-p:ContainerArchiveOutputPath={targetForm}/"]);
        ProcessResult publish = await _workspace.DotnetAsync(["publish", solution, "-nologo", "-p:ContainerizeOnPublish=true", baseImage, $"-p:ContainerArchiveOutputPath={publishForm}/"]);

        target.EnsureSuccess();
        publish.EnsureSuccess();
        Assert.DoesNotContain("MSB4057", target.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(["billingapi.tar", "ordersapi.tar", "worker.tar"], Directory.GetFiles(targetForm).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(["billingapi.tar", "ordersapi.tar", "worker.tar"], Directory.GetFiles(publishForm).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(File.Exists(Path.Combine(_root, "Legacy", "bin", "Release", "net10.0", "publish", "Legacy.dll")), "the project without the package is still published");
    }

    /// <summary>A blob upload completes with a PUT that carries its digest; the registry logs every request it served (skopeo's seeding of the base is left out).</summary>
    private static Dictionary<string, int> CompletedUploads(string registryLog) =>
        registryLog.Split('\n').Where(line => !line.Contains("\"skopeo/", StringComparison.Ordinal))
            .Select(line => UploadPattern().Match(line)).Where(match => match.Success)
            .GroupBy(match => "sha256:" + match.Groups["hex"].Value)
            .ToDictionary(group => group.Key, group => group.Count());

    [GeneratedRegex(@"""PUT /v2/[^ ""]+/blobs/uploads/[^ ""]*digest=sha256(?::|%3A)(?<hex>[0-9a-f]{64})[^ ""]* HTTP/[0-9.]+"" 201", RegexOptions.IgnoreCase)]
    private static partial Regex UploadPattern();

}

/// <summary>The one solution publish the tests above look at, against a registry seeded with the Debian base.</summary>
public sealed class SolutionPublishFixture : IAsyncLifetime
{
    public DistributionRegistryServer Registry { get; private set; } = null!;

    public SampleWorkspace Workspace { get; private set; } = null!;

    public string Root { get; private set; } = null!;

    public ProcessResult Publish { get; private set; } = null!;

    /// <summary>The normal-verbosity log of the whole solution build.</summary>
    public string Log { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Registry = await DistributionRegistryServer.StartAsync(new RegistryServerOptions { AccessLog = true });
        await DebianBase.GetReferenceAsync();
        await RegistryTools.SeedFromOciLayoutAsync(DebianBase.LayoutDirectory, "latest", $"{Registry.Address}/dotnet/runtime-deps:10.0");
        Workspace = await SampleWorkspace.CreateAsync("solution");
        Root = SolutionWorkspace.Create(Workspace);
        string logFile = Path.Combine(Root, "publish.log");
        Publish = await Workspace.DotnetAsync(
        [
            "publish", Path.Combine(Root, SolutionWorkspace.Solution), "-nologo", "-t:PublishLayeredImage",
            $"-flp:logfile={logFile};verbosity=normal", "-fl",
            $"-p:ContainerBaseImage={Registry.Address}/dotnet/runtime-deps:10.0", $"-p:ContainerRegistry={Registry.Address}", "-p:ContainerImageTag=1.0",
            // The upload count is about the images' blobs; each app's SBOM (its own blobs, the 2-byte empty config in every
            // repository) is tested in Sbom/SbomPublishTests.
            "-p:ContainerizeSbom=false",
        ]);
        Log = File.Exists(logFile) ? await File.ReadAllTextAsync(logFile) : Publish.StandardOutput;
    }

    public async Task DisposeAsync()
    {
        if (Registry is not null)
        {
            await Registry.DisposeAsync();
        }
    }
}
