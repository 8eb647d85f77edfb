using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Containerize.TestSupport;
using Containerize.TestSupport.Images;
using Containerize.TestSupport.Samples;

namespace Containerize.Tasks.Tests.Integration;

/// <summary>
/// Same source, two clone folders, two times, two processes: the same image digest. Different apps on the same
/// runtime and RID: the same runtime layer. SOURCE_DATE_EPOCH changes the timestamp and so the digest.
/// </summary>
public sealed class DeterminismTests
{
    [Fact]
    public async Task Two_folders_at_two_times_give_the_same_image_digest_and_SOURCE_DATE_EPOCH_sets_the_time()
    {
        SampleWorkspace first = await SampleWorkspace.CreateCloneAsync("determinism-a");
        PublishedImage one = await PublishedImage.PublishAsync(first, "ConsoleApp", "consoleapp", "-p:ContainerBaseImage=scratch", "-p:ContainerizeRunCheck=false");

        // A second clone, made later, so file times and folder names differ from the first.
        await Task.Delay(TimeSpan.FromSeconds(2));
        SampleWorkspace second = await SampleWorkspace.CreateCloneAsync("determinism-second-clone");
        PublishedImage two = await PublishedImage.PublishAsync(second, "ConsoleApp", "consoleapp", "-p:ContainerBaseImage=scratch", "-p:ContainerizeRunCheck=false");

        Assert.NotEqual(first.Root, second.Root);
        Assert.Equal(one.ImageDigest, two.ImageDigest);
        Assert.Equal(one.Image.Layers.Select(layer => layer.Digest), two.Image.Layers.Select(layer => layer.Digest));

        PublishedImage dated = await PublishedImage.PublishAsync(second, "ConsoleApp", "dated", "-p:ContainerBaseImage=scratch", "-p:ContainerizeRunCheck=false", "-p:SOURCE_DATE_EPOCH=1700000000");
        var expected = DateTimeOffset.FromUnixTimeSeconds(1700000000);
        Assert.NotEqual(one.ImageDigest, dated.ImageDigest);
        Assert.Equal(expected, DateTimeOffset.Parse(dated.Image.Config.GetProperty("created").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.All(dated.Image.Layers.SelectMany(layer => layer.Entries), entry => Assert.Equal(expected, entry.ModificationTime));
    }

    [Fact]
    public async Task Two_clones_in_different_folders_of_a_sample_with_a_project_reference_give_one_image_digest_but_for_static_web_assets()
    {
        SampleWorkspace first = await SampleWorkspace.CreateCloneAsync("determinism-web-a");
        PublishedImage one = await PublishedImage.PublishAsync(first, "WebApi", "webapi", "-p:ContainerBaseImage=scratch", "-p:ContainerizeRunCheck=false");

        // The second clone is built first, as a CI job with a build step before the image step: publishing must compile
        // the referenced project again, with the mapping (PathMap is part of CoreCompile's input hash).
        SampleWorkspace second = await SampleWorkspace.CreateCloneAsync("determinism-web-second-clone");
        (await second.DotnetAsync(["build", second.ProjectDirectory("WebApi"), "-c", "Release", "-nologo"])).EnsureSuccess();
        PublishedImage two = await PublishedImage.PublishAsync(second, "WebApi", "webapi", "-p:ContainerBaseImage=scratch", "-p:ContainerizeRunCheck=false");

        Assert.NotEqual(first.Root, second.Root);
        Assert.Equal(LayerNames(one), LayerNames(two));
        Assert.Equal(one.Layer("project-references")!.Digest, two.Layer("project-references")!.Digest);

        // Not the whole image: ASP.NET Core's WebApi.staticwebassets.endpoints.json records a Last-Modified header per
        // static asset from file times (the sources' checkout times, and the build times of the .gz/.br files the SDK
        // compresses), and the SDK has no switch to fix them (docs/determinism.md). That file lands in the app layer, so
        // every other layer is equal, and the two publish folders differ in that one file only.
        foreach (string layer in LayerNames(one).Where(name => name != "app"))
        {
            Assert.Equal(one.Layer(layer)!.Digest, two.Layer(layer)!.Digest);
        }

        Assert.Equal(one.PublishedPaths(), two.PublishedPaths());
        string[] different = one.PublishedPaths()
            .Select(path => path["/app/".Length..])
            .Where(path => !File.ReadAllBytes(Path.Combine(one.PublishDirectory, path)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(two.PublishDirectory, path))))
            .ToArray();
        Assert.All(different, path => Assert.Equal("WebApi.staticwebassets.endpoints.json", path));
    }

    [Fact]
    public async Task A_transitive_chain_app_libA_libB_gives_one_image_digest_from_two_clones_and_builds_each_library_once()
    {
        SampleWorkspace first = await SampleWorkspace.CreateCloneAsync("determinism-chain-a", WriteChain);
        PublishedImage one = await PublishedImage.PublishAsync(first, "Chain/App", "chain", "-p:ContainerBaseImage=scratch", "-p:ContainerizeRunCheck=false");
        SampleWorkspace second = await SampleWorkspace.CreateCloneAsync("determinism-chain-second-clone", WriteChain);
        PublishedImage two = await PublishedImage.PublishAsync(second, "Chain/App", "chain", "-p:ContainerBaseImage=scratch", "-p:ContainerizeRunCheck=false");

        // LibB reaches App twice: as LibA's reference, and as the transitive reference the SDK adds to App itself. Both
        // must carry the same global properties, or LibB is built twice at once into one obj folder.
        Assert.Single(Regex.Matches(one.Log, @"LibB -> \S*/LibB\.dll"));
        Assert.Single(Regex.Matches(one.Log, @"LibA -> \S*/LibA\.dll"));

        foreach (string library in new[] { "LibA.dll", "LibB.dll" })
        {
            Assert.Equal(LayerWith(one, library).Digest, LayerWith(two, library).Digest);
        }

        Assert.Equal(one.ImageDigest, two.ImageDigest);

        // [CallerFilePath] puts the mapped source path into LibB's IL: the clone's root is /_/.
        byte[] libB = File.ReadAllBytes(Path.Combine(one.PublishDirectory, "LibB.dll"));
        Assert.True(libB.AsSpan().IndexOf(Encoding.Unicode.GetBytes("/_/Libs/LibB/B.cs")) >= 0, "LibB.dll does not hold /_/Libs/LibB/B.cs");
        Assert.False(libB.AsSpan().IndexOf(Encoding.UTF8.GetBytes(first.Root)) >= 0, "LibB.dll holds the clone folder");
    }

    [Fact]
    public async Task Publishing_a_solution_of_the_app_and_its_library_builds_the_library_once()
    {
        SampleWorkspace workspace = await SampleWorkspace.CreateAsync("determinism-solution");
        (await workspace.DotnetAsync(["new", "sln", "--format", "sln", "--name", "Samples", "--output", workspace.Root])).EnsureSuccess();
        (await workspace.DotnetAsync(["sln", Path.Combine(workspace.Root, "Samples.sln"), "add", workspace.ProjectDirectory("WebApi"), workspace.ProjectDirectory("WebApi.Core")])).EnsureSuccess();
        string output = Path.Combine(Path.GetDirectoryName(workspace.Root)!, "out");
        string archive = Path.Combine(output, "solution.tar");
        string logFile = Path.Combine(output, "solution.log");
        Directory.CreateDirectory(output);

        // A solution build sets CurrentSolutionConfigurationContents and builds WebApi.Core itself, without the global
        // properties the package gives project references elsewhere: adding them here would build WebApi.Core a second
        // time, concurrently, into the same obj folder (measured before the package skipped solution builds).
        (await workspace.DotnetAsync(
            [
                "publish", Path.Combine(workspace.Root, "Samples.sln"), "-nologo", "-p:ContainerizeOnPublish=true",
                "-p:ContainerBaseImage=scratch", "-p:ContainerizeRunCheck=false", $"-p:ContainerArchiveOutputPath={archive}", $"-flp:logfile={logFile};verbosity=normal", "-fl",
            ])).EnsureSuccess();

        string log = await File.ReadAllTextAsync(logFile);
        Assert.Single(Regex.Matches(log, @"WebApi\.Core -> \S*/WebApi\.Core\.dll"));
        ExtractedImage image = ExtractedImage.Load(archive, Path.Combine(output, "solution-layout"));
        Assert.Contains(image.Layers, layer => layer.FilePaths.Contains("/app/WebApi.Core.dll"));
    }

    [Fact]
    public async Task The_clone_root_is_mapped_for_the_app_and_its_references_unless_the_user_maps_paths_or_turns_it_off()
    {
        SampleWorkspace clone = await SampleWorkspace.CreateCloneAsync("determinism-mapping", WriteChain);
        string root = clone.Root + "/";

        // AssignProjectConfiguration is where the SDK starts using project references; the mapping is in place by then.
        async Task<(string PathMap, string DeterministicSourcePaths, string[] ReferenceProperties)> MappingAsync(params string[] arguments)
        {
            ProcessResult result = (await clone.DotnetAsync(
                [
                    "msbuild", clone.ProjectDirectory("Chain/App"), "-nologo", "-restore", "-t:AssignProjectConfiguration", "-p:_IsPublishing=true",
                    "-getProperty:PathMap", "-getProperty:DeterministicSourcePaths", "-getItem:ProjectReference", .. arguments,
                ])).EnsureSuccess();
            using var document = JsonDocument.Parse(result.StandardOutput);
            JsonElement properties = document.RootElement.GetProperty("Properties");
            return (
                properties.GetProperty("PathMap").GetString()!,
                properties.GetProperty("DeterministicSourcePaths").GetString()!,
                document.RootElement.GetProperty("Items").GetProperty("ProjectReference").EnumerateArray()
                    .Select(item => item.TryGetProperty("AdditionalProperties", out JsonElement value) ? value.GetString()! : "")
                    .ToArray());
        }

        // LibB is there as the transitive reference the SDK adds: it needs the same properties as LibA.
        (string pathMap, string deterministic, string[] references) = await MappingAsync();
        Assert.Equal($"{root}=/_/", pathMap);
        Assert.Equal("true", deterministic);
        Assert.Equal(2, references.Length);
        Assert.All(references, properties => Assert.Equal($";PathMap={root}=/_/;DeterministicSourcePaths=true", properties));

        (pathMap, deterministic, references) = await MappingAsync("-p:PathMap=/x=/y");
        Assert.Equal("/x=/y", pathMap);
        Assert.Equal("", deterministic);
        Assert.All(references, properties => Assert.Equal("", properties));

        (pathMap, deterministic, references) = await MappingAsync("-p:ContainerizeDeterministicSourcePaths=false");
        Assert.Equal("", pathMap);
        Assert.Equal("", deterministic);
        Assert.All(references, properties => Assert.Equal("", properties));

        // In a solution build the app maps its own paths but gives its references nothing (see the solution test).
        (pathMap, deterministic, references) = await MappingAsync("-p:CurrentSolutionConfigurationContents=<SolutionConfiguration />");
        Assert.Equal($"{root}=/_/", pathMap);
        Assert.All(references, properties => Assert.Equal("", properties));
    }

    [Fact]
    public async Task Two_different_apps_with_the_same_runtime_and_RID_share_the_runtime_layer_digest()
    {
        SampleWorkspace workspace = await SampleWorkspace.CreateAsync("runtime-layer");
        string other = Path.Combine(workspace.Root, "OtherApp");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "OtherApp.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Containerize.Tasks" Version="$(ContainerizeTasksVersion)" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(other, "Program.cs"), "System.Console.WriteLine(System.DateTime.UnixEpoch.AddDays(42));\n");
        string[] selfContained = ["-r", "linux-x64", "--self-contained", "-p:ContainerBaseImage=scratch", "-p:ContainerizeRunCheck=false"];

        PublishedImage console = await PublishedImage.PublishAsync(workspace, "ConsoleApp", "consoleapp", selfContained);
        PublishedImage otherApp = await PublishedImage.PublishAsync(workspace, "OtherApp", "otherapp", selfContained);

        Assert.Equal(console.Layer("runtime")!.Digest, otherApp.Layer("runtime")!.Digest);
        Assert.NotEqual(console.Layer("app")!.Digest, otherApp.Layer("app")!.Digest);
    }

    /// <summary>Chain/App -> Chain/LibA -> Libs/LibB; each library puts its own source path into its IL (the caller's file).</summary>
    private static void WriteChain(string root)
    {
        void Write(string path, string text)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, path))!);
            File.WriteAllText(Path.Combine(root, path), text);
        }

        Write("Chain/App/App.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Containerize.Tasks" Version="$(ContainerizeTasksVersion)" PrivateAssets="all" />
                <ProjectReference Include="../LibA/LibA.csproj" />
              </ItemGroup>
            </Project>
            """);
        Write("Chain/App/Program.cs", "System.Console.WriteLine(LibA.A.Where());\n");
        Write("Chain/LibA/LibA.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <ProjectReference Include="../../Libs/LibB/LibB.csproj" />
              </ItemGroup>
            </Project>
            """);
        Write("Chain/LibA/A.cs", """
            namespace LibA;

            public static class A
            {
                public static string Where() => Here() + " " + LibB.B.Where();

                private static string Here([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
            }
            """);
        Write("Libs/LibB/LibB.csproj", """<Project Sdk="Microsoft.NET.Sdk" />""");
        Write("Libs/LibB/B.cs", """
            namespace LibB;

            public static class B
            {
                public static string Where() => Here();

                private static string Here([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
            }
            """);
    }

    private static string[] LayerNames(PublishedImage image) =>
        image.LayerItems.Select(item => item.GetProperty("Identity").GetString()!).ToArray();

    /// <summary>The layer holding /app/<paramref name="fileName"/>, whichever layer the planner put it in.</summary>
    private static LayerContent LayerWith(PublishedImage image, string fileName) =>
        image.Image.Layers.Single(layer => layer.FilePaths.Contains("/app/" + fileName));
}
