using System.Text.Json;
using Containerize.TestSupport;
using Containerize.TestSupport.Images;
using Containerize.TestSupport.Samples;

namespace Containerize.Tasks.Tests.Integration;

/// <summary>The result of one real `dotnet publish -t:PublishLayeredImage`: the archive unpacked, the build log, the target's outputs.</summary>
public sealed record PublishedImage(string ArchivePath, ExtractedImage Image, string Log, JsonElement Outputs, string PublishDirectory)
{
    public string ImageDigest => Outputs.GetProperty("Properties").GetProperty("ContainerImageDigest").GetString()!;

    public IEnumerable<JsonElement> LayerItems => Outputs.GetProperty("Items").GetProperty("ContainerLayer").EnumerateArray();

    /// <summary>The layer our build named <paramref name="name"/> (from the target's output items), or null when there is none.</summary>
    public LayerContent? Layer(string name)
    {
        string? digest = LayerItems
            .Where(item => item.GetProperty("Identity").GetString() == name)
            .Select(item => item.GetProperty("Digest").GetString())
            .SingleOrDefault();
        return digest is null ? null : Image.Layers.Single(layer => layer.Digest == digest);
    }

    /// <summary>Every file under the publish folder, as its path in the image's app folder.</summary>
    public IReadOnlySet<string> PublishedPaths(string appDirectory = "/app") =>
        Directory.EnumerateFiles(PublishDirectory, "*", SearchOption.AllDirectories)
            .Select(file => appDirectory + "/" + Path.GetRelativePath(PublishDirectory, file).Replace('\\', '/'))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Publishes <paramref name="sample"/> into <c>OUT/NAME.tar</c> and reads everything a test looks at.</summary>
    public static async Task<PublishedImage> PublishAsync(SampleWorkspace workspace, string sample, string name, params string[] arguments)
    {
        string output = Path.Combine(Path.GetDirectoryName(workspace.Root)!, "out");
        string archive = Path.Combine(output, $"{name}.tar");
        PublishRun run = await PublishRun.RunAsync(
            workspace, sample, name, ["ContainerImageDigest", "ContainerArchivePath", "PublishDir"], ["ContainerLayer"],
            [$"-p:ContainerArchiveOutputPath={archive}", .. arguments]);
        run.Result.EnsureSuccess();

        JsonElement outputs = run.Outputs!.Value;
        string publishDirectory = Path.GetFullPath(Path.Combine(workspace.ProjectDirectory(sample), outputs.GetProperty("Properties").GetProperty("PublishDir").GetString()!.Replace('\\', '/')));
        ExtractedImage image = ExtractedImage.Load(archive, Path.Combine(output, $"{name}-layout"));
        return new PublishedImage(archive, image, run.Log, outputs, publishDirectory);
    }
}
