using Containerize.TestSupport.Samples;

namespace Containerize.Tasks.Tests.Integration;

/// <summary>samples/AotApp (PublishAot, StaticExecutable) published once for linux-x64 on scratch, for <see cref="ScratchImageTests"/>.</summary>
public sealed class ScratchImageFixture : IAsyncLifetime
{
    public PublishedImage Published { get; private set; } = null!;

    public SampleWorkspace Workspace { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Workspace = await SampleWorkspace.CreateAsync("scratch");
        Published = await PublishedImage.PublishAsync(Workspace, "AotApp", "aotapp", "-r", "linux-x64");
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
