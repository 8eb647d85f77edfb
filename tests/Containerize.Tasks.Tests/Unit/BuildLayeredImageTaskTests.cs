using Containerize.Oci.Errors;
using Containerize.TestSupport;
using Microsoft.Build.Utilities;

namespace Containerize.Tasks.Tests.Unit;

/// <summary>The task as MSBuild runs it: errors become logged errors with their code, and nothing is written.</summary>
public sealed class BuildLayeredImageTaskTests
{
    [Fact]
    public void A_bad_setting_is_logged_with_its_code_message_and_hint_and_writes_nothing()
    {
        string work = RepositoryPaths.CreateWorkDirectory("task");
        var engine = new RecordingBuildEngine();
        var task = new BuildLayeredImage
        {
            BuildEngine = engine,
            PublishedFiles = [],
            PublishDirectory = work,
            BaseImage = "scratch",
            RuntimeIdentifier = "linux-x64",
            Repository = "api",
            AppAssemblyFileName = "Api.dll",
            Ports = [new TaskItem("http")],
            DefaultArchiveDirectory = Path.Combine(work, "out"),
            WorkDirectory = Path.Combine(work, "obj"),
        };

        bool succeeded = task.Execute();

        Assert.False(succeeded);
        var error = Assert.Single(engine.Errors);
        Assert.Equal(ErrorCodes.InvalidPort, error.Code);
        Assert.Contains("'http'", error.Message, StringComparison.Ordinal);
        Assert.Contains("ContainerPort Include=", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(work, "out")));
        Assert.Null(task.ImageDigest);
        Assert.Null(task.ArchivePath);
    }
}
