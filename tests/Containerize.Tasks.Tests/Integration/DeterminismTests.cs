using Containerize.TestSupport;
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
        SampleWorkspace first = await SampleWorkspace.CreateAsync("determinism-a");
        PublishedImage one = await PublishedImage.PublishAsync(first, "ConsoleApp", "consoleapp", "-p:ContainerBaseImage=scratch");

        // A second clone, made later, so file times and folder names differ from the first.
        await Task.Delay(TimeSpan.FromSeconds(2));
        SampleWorkspace second = await SampleWorkspace.CreateAsync("determinism-second-clone");
        PublishedImage two = await PublishedImage.PublishAsync(second, "ConsoleApp", "consoleapp", "-p:ContainerBaseImage=scratch");

        Assert.NotEqual(first.Root, second.Root);
        Assert.Equal(one.ImageDigest, two.ImageDigest);
        Assert.Equal(one.Image.Layers.Select(layer => layer.Digest), two.Image.Layers.Select(layer => layer.Digest));

        PublishedImage dated = await PublishedImage.PublishAsync(second, "ConsoleApp", "dated", "-p:ContainerBaseImage=scratch", "-p:SOURCE_DATE_EPOCH=1700000000");
        var expected = DateTimeOffset.FromUnixTimeSeconds(1700000000);
        Assert.NotEqual(one.ImageDigest, dated.ImageDigest);
        Assert.Equal(expected, DateTimeOffset.Parse(dated.Image.Config.GetProperty("created").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.All(dated.Image.Layers.SelectMany(layer => layer.Entries), entry => Assert.Equal(expected, entry.ModificationTime));
    }

    [Fact]
    public async Task Package_and_project_reference_layers_of_the_web_api_match_across_folders()
    {
        SampleWorkspace first = await SampleWorkspace.CreateAsync("determinism-web-a");
        PublishedImage one = await PublishedImage.PublishAsync(first, "WebApi", "webapi", "-p:ContainerBaseImage=scratch");
        SampleWorkspace second = await SampleWorkspace.CreateAsync("determinism-web-second");
        PublishedImage two = await PublishedImage.PublishAsync(second, "WebApi", "webapi", "-p:ContainerBaseImage=scratch");

        foreach (string layer in new[] { "packages", "prerelease-packages", "project-references" })
        {
            Assert.Equal(one.Layer(layer)!.Digest, two.Layer(layer)!.Digest);
        }
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
        string[] selfContained = ["-r", "linux-x64", "--self-contained", "-p:ContainerBaseImage=scratch"];

        PublishedImage console = await PublishedImage.PublishAsync(workspace, "ConsoleApp", "consoleapp", selfContained);
        PublishedImage otherApp = await PublishedImage.PublishAsync(workspace, "OtherApp", "otherapp", selfContained);

        Assert.Equal(console.Layer("runtime")!.Digest, otherApp.Layer("runtime")!.Digest);
        Assert.NotEqual(console.Layer("app")!.Digest, otherApp.Layer("app")!.Digest);
    }
}
