using Containerize.TestSupport;
using Containerize.TestSupport.Images;
using Containerize.TestSupport.Samples;

namespace Containerize.Tasks.Tests.Integration;

/// <summary>Where images go: the default archive under the output folder, ContainerizeOnPublish, an OCI layout folder.</summary>
public sealed class DestinationTests
{
    [Fact]
    public async Task Without_an_archive_path_the_image_goes_under_the_output_folder_and_the_log_says_how_to_load_it()
    {
        SampleWorkspace workspace = await SampleWorkspace.CreateAsync("destinations-default");

        ProcessResult result = (await workspace.PublishAsync("ConsoleApp", "-t:PublishLayeredImage", "-p:ContainerBaseImage=scratch", "-p:ContainerizeRunCheck=false")).EnsureSuccess();

        string archive = Path.Combine(workspace.ProjectDirectory("ConsoleApp"), "bin", "Release", "net10.0", "container", "consoleapp.tar");
        Assert.True(File.Exists(archive), result.StandardOutput);
        Assert.Contains($"docker load -i {archive}", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"skopeo copy oci-archive:{archive}", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContainerizeOnPublish_builds_the_image_after_an_ordinary_publish_and_an_oci_layout_folder_can_be_written()
    {
        SampleWorkspace workspace = await SampleWorkspace.CreateAsync("destinations-hook");
        string output = Path.Combine(Path.GetDirectoryName(workspace.Root)!, "out");
        string layout = Path.Combine(output, "layout");

        (await workspace.PublishAsync(
            "ConsoleApp", "-p:ContainerizeOnPublish=true", "-p:ContainerBaseImage=scratch", "-p:ContainerizeRunCheck=false", $"-p:ContainerArchiveOutputPath={output}/",
            $"-p:ContainerOciLayoutPath={layout}", "-p:ContainerImageTag=1.2.3")).EnsureSuccess();

        Assert.True(File.Exists(Path.Combine(output, "consoleapp.tar")));
        Assert.True(File.Exists(Path.Combine(layout, "oci-layout")));
        string reference = ContainerRunner.ReferenceName(layout) ?? "1.2.3";
        (await ProcessRunner.RunAsync("skopeo", ["inspect", $"oci:{layout}:{reference}"])).EnsureSuccess();
        Assert.Empty(Directory.GetFileSystemEntries(output, "*.tmp-*"));
    }
}
