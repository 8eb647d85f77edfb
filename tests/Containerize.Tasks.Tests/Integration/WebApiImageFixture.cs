using Containerize.TestSupport.Samples;

namespace Containerize.Tasks.Tests.Integration;

/// <summary>samples/WebApi published framework-dependent and self-contained (linux-x64), both on the Debian base.</summary>
public sealed class WebApiImageFixture : IAsyncLifetime
{
    public PublishedImage FrameworkDependent { get; private set; } = null!;

    public PublishedImage SelfContained { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        string baseImage = await DebianBase.GetReferenceAsync();
        SampleWorkspace workspace = await SampleWorkspace.CreateAsync("webapi");
        FrameworkDependent = await PublishedImage.PublishAsync(workspace, "WebApi", "webapi-fdd", $"-p:ContainerBaseImage={baseImage}", "-p:ContainerizeRunCheck=false");
        SelfContained = await PublishedImage.PublishAsync(workspace, "WebApi", "webapi-sc", "-r", "linux-x64", "--self-contained", $"-p:ContainerBaseImage={baseImage}");
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
