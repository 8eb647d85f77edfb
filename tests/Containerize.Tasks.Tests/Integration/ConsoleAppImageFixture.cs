using Containerize.TestSupport.Samples;

namespace Containerize.Tasks.Tests.Integration;

/// <summary>samples/ConsoleApp published once, self-contained for linux-x64 on the Debian base, for all of <see cref="ConsoleAppImageTests"/>.</summary>
public sealed class ConsoleAppImageFixture : IAsyncLifetime
{
    public PublishedImage Published { get; private set; } = null!;

    public SampleWorkspace Workspace { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        string baseImage = await DebianBase.GetReferenceAsync();
        Workspace = await SampleWorkspace.CreateAsync("console");
        Published = await PublishedImage.PublishAsync(Workspace, "ConsoleApp", "consoleapp", "-r", "linux-x64", "--self-contained", $"-p:ContainerBaseImage={baseImage}");
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
