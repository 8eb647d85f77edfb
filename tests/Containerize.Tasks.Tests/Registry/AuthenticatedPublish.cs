using Containerize.TestSupport;

namespace Containerize.Tasks.Tests.Registry;

/// <summary>One `dotnet publish -t:PublishLayeredImage -v:diag -bl` to the authenticated registry: what it printed and where it wrote.</summary>
public sealed record AuthenticatedPublish(ProcessResult Result, string BinaryLogPath, string ProjectDirectory, string Repository)
{
    /// <summary>Everything the build printed, standard output and error.</summary>
    public string Output => Result.StandardOutput + Result.StandardError;

    /// <summary>The <c>REPOSITORY.digest</c> files the push left under the project (one after a successful push).</summary>
    public IReadOnlyList<string> DigestFiles =>
        Directory.GetFiles(ProjectDirectory, $"{Repository.Replace('/', '-')}.digest", SearchOption.AllDirectories);
}
