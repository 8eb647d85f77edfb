using Containerize.TestSupport.Samples;

namespace Containerize.Tasks.Tests.Integration;

/// <summary>The copied samples, restored once against the packed package, for <see cref="TargetsEvaluationTests"/>.</summary>
public sealed class RestoredSamplesFixture : IAsyncLifetime
{
    public SampleWorkspace Workspace { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Workspace = await SampleWorkspace.CreateAsync("evaluation");
        (await Workspace.DotnetAsync(["restore", Workspace.ProjectDirectory("WebApi"), "-nologo"])).EnsureSuccess();
        (await Workspace.DotnetAsync(["restore", Workspace.ProjectDirectory("ConsoleApp"), "-nologo"])).EnsureSuccess();
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
