using Containerize.TestSupport.Samples;

namespace Containerize.Tasks.Tests.Integration;

/// <summary>One workspace, built once; each bad input must fail with its documented code, name the value, and leave no archive.</summary>
public sealed class BadInputFixture : IAsyncLifetime
{
    public SampleWorkspace Workspace { get; private set; } = null!;

    public string BaseImage { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        BaseImage = await DebianBase.GetReferenceAsync();
        Workspace = await SampleWorkspace.CreateAsync("bad-input");
        (await Workspace.PublishAsync("ConsoleApp")).EnsureSuccess();
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
