using System.Text.Json;
using Containerize.Oci.Building;
using Containerize.Oci.Destinations;
using Containerize.Oci.Errors;
using Containerize.Oci.Model;
using Containerize.Oci.References;
using Containerize.Oci.Registry;
using Containerize.Oci.Sources;
using Containerize.Oci.Storage;
using Containerize.Oci.Tests.Registry;
using Containerize.Oci.Tests.Sources;
using Containerize.Oci.Validation;
using Containerize.TestSupport;
using Containerize.TestSupport.Registry;
using Xunit.Abstractions;

namespace Containerize.Oci.Tests.Destinations;

/// <summary>The one destination interface: each destination, several at once, and an index through the same call as an image.</summary>
public sealed class ImageDestinationTests(DistributionRegistryFixture registry, ITestOutputHelper output) : IClassFixture<DistributionRegistryFixture>
{
    private static readonly IReadOnlyList<ImageName> Names = ImageName.ForTags("team/api", ["1.0", "latest"]);

    [Fact]
    public async Task One_send_writes_a_layout_an_archive_and_a_registry_in_order_with_one_result_each()
    {
        BuiltImage image = await OciArchiveWriterTests.BuildImageAsync(docker: false);
        string root = TestLayoutBuilder.CreateTemporaryDirectory("multi-destination");
        string repository = $"multi/{Guid.NewGuid():N}";
        using var destinations = new MultiDestination(
        [
            new OciLayoutDestination(Path.Combine(root, "layout")),
            new OciArchiveDestination(Path.Combine(root, "image.tar")),
            new RegistryDestination(registry.Server.Address, repository, RegistryTestContext.Options(), new TestOutputLog(output)) { DigestFilePath = Path.Combine(root, "api.digest") },
        ]);

        IReadOnlyList<DestinationResult> results = await destinations.SendAsync(PublishableImage.From(image), ImageName.ForTags(repository, ["1.0"]), default);

        Assert.Equal(3, results.Count);
        Assert.Empty(await ImageLayoutValidator.ValidateAsync(Path.Combine(root, "layout")));
        Assert.Equal(Path.Combine(root, "image.tar"), results[1].ArchivePath);
        Assert.Equal(image.Manifest.Digest, results[2].Push!.Digest);
        Assert.Equal($"{registry.Server.Address}/{repository}@{image.Manifest.Digest}\n", await File.ReadAllTextAsync(Path.Combine(root, "api.digest")));
        Assert.Equal(image.Manifest.Digest.ToString(), (await SkopeoInspectAsync($"oci-archive:{Path.Combine(root, "image.tar")}:1.0")).GetProperty("Digest").GetString());
        Assert.Equal(image.Manifest.Digest.ToString(), (await SkopeoInspectAsync($"docker://{registry.Server.Address}/{repository}:1.0", "--tls-verify=false")).GetProperty("Digest").GetString());
    }

    [Fact]
    public async Task An_index_goes_through_the_same_call_to_a_layout_and_a_registry()
    {
        string root = TestLayoutBuilder.CreateTemporaryDirectory("index-destination");
        var store = new LocalBlobStore(Path.Combine(root, "blobs"));
        BuiltImageIndex index = ImageIndexBuilder.Build([await ScratchImageAsync(store, TestLayoutBuilder.Amd64), await ScratchImageAsync(store, TestLayoutBuilder.Arm64)]);
        string repository = $"index/{Guid.NewGuid():N}";
        using var destinations = new MultiDestination(
        [
            new OciLayoutDestination(Path.Combine(root, "layout")),
            new RegistryDestination(registry.Server.Address, repository, RegistryTestContext.Options(), new TestOutputLog(output)),
        ]);

        IReadOnlyList<DestinationResult> results = await destinations.SendAsync(PublishableImage.From(index), ImageName.ForTags(repository, ["1.0"]), default);

        Assert.Equal(index.Index.Digest, results[1].Push!.Digest);
        ProcessResult layoutRaw = (await ProcessRunner.RunAsync("skopeo", ["inspect", "--raw", $"oci:{Path.Combine(root, "layout")}:1.0"])).EnsureSuccess();
        ProcessResult registryRaw = (await ProcessRunner.RunAsync("skopeo", ["inspect", "--raw", "--tls-verify=false", $"docker://{registry.Server.Address}/{repository}:1.0"])).EnsureSuccess();
        Assert.Equal(index.IndexBytes, System.Text.Encoding.UTF8.GetBytes(layoutRaw.StandardOutput.TrimEnd('\n')));
        Assert.Equal(index.IndexBytes, System.Text.Encoding.UTF8.GetBytes(registryRaw.StandardOutput.TrimEnd('\n')));
    }

    [Fact]
    public async Task A_registry_destination_refuses_a_name_of_another_repository()
    {
        BuiltImage image = await OciArchiveWriterTests.BuildImageAsync(docker: false);
        using var destination = new RegistryDestination(registry.Server.Address, "team/other", RegistryTestContext.Options(), new TestOutputLog(output));

        var error = await Assert.ThrowsAsync<ContainerizeException>(() => destination.SendAsync(PublishableImage.From(image), Names, default));

        Assert.Contains("team/api:1.0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Image_names_are_checked_when_made_and_a_dotted_first_component_stays_a_repository()
    {
        Assert.Equal(ErrorCodes.InvalidTag, Assert.Throws<ContainerizeException>(() => new ImageName("team/api", "-bad")).Code);
        Assert.Equal(ErrorCodes.InvalidRepositoryName, Assert.Throws<ContainerizeException>(() => new ImageName("Team/Api", "1.0")).Code);

        // Joined into "contoso.web/api:1.0" and parsed again, contoso.web would be taken for a registry.
        ImageReference local = new ImageName("contoso.web/api", "1.0").ToLocalReference();
        Assert.Equal(ImageReference.DockerHubRegistry, local.Registry);
        Assert.Equal("contoso.web/api", local.Repository);
        Assert.Equal("docker.io/library/api:1.0", new ImageName("api", "1.0").ToLocalReference().ToString());
        Assert.Equal("localhost:5000/api:1.0", new ImageName("api", "1.0").On("localhost:5000").ToString());
    }

    [Fact]
    public async Task A_docker_client_without_a_daemon_is_CTZ3030_saying_to_start_one()
    {
        BuiltImage image = await OciArchiveWriterTests.BuildImageAsync(docker: false);
        string scratch = TestLayoutBuilder.CreateTemporaryDirectory("docker-no-daemon");
        var destination = new LocalEngineDestination(LocalEngine.Docker, scratch);

        // DOCKER_HOST points at a socket nobody listens on, so this holds on a machine that does run a daemon too.
        string? previous = Environment.GetEnvironmentVariable("DOCKER_HOST");
        Environment.SetEnvironmentVariable("DOCKER_HOST", $"unix://{Path.Combine(scratch, "no-daemon.sock")}");
        ContainerizeException error;
        try
        {
            error = await Assert.ThrowsAsync<ContainerizeException>(() => destination.SendAsync(PublishableImage.From(image), Names, default));
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOCKER_HOST", previous);
        }

        Assert.Equal(ErrorCodes.LocalEngineUnavailable, error.Code);
        Assert.Contains("Docker cannot take an image", error.Message, StringComparison.Ordinal);
        Assert.Contains("Start the Docker daemon", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_engine_client_is_CTZ3030_naming_it()
    {
        BuiltImage image = await OciArchiveWriterTests.BuildImageAsync(docker: false);
        var destination = new LocalEngineDestination(LocalEngine.Podman, TestLayoutBuilder.CreateTemporaryDirectory("no-podman"), "/nonexistent/podman");

        var error = await Assert.ThrowsAsync<ContainerizeException>(() => destination.SendAsync(PublishableImage.From(image), Names, default));

        Assert.Equal(ErrorCodes.LocalEngineUnavailable, error.Code);
        Assert.Contains("/nonexistent/podman", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Podman_loads_the_image_under_every_name_with_our_config()
    {
        BuiltImage image = await OciArchiveWriterTests.BuildImageAsync(docker: false);
        string repository = $"ctz-tests/load-{Guid.NewGuid():N}";
        var destination = new LocalEngineDestination(LocalEngine.Podman, TestLayoutBuilder.CreateTemporaryDirectory("podman-load"));
        try
        {
            IReadOnlyList<DestinationResult> results = await destination.SendAsync(PublishableImage.From(image), ImageName.ForTags(repository, ["1.0", "latest"]), default);

            Assert.Equal([$"localhost/{repository}:1.0", $"localhost/{repository}:latest"], Assert.Single(results).LoadedNames);
            foreach (string name in Assert.Single(results).LoadedNames)
            {
                ProcessResult inspect = (await ProcessRunner.RunAsync("podman", ["image", "inspect", name])).EnsureSuccess();
                JsonElement loaded = JsonDocument.Parse(inspect.StandardOutput).RootElement[0];
                Assert.Equal(image.Config.Digest.Encoded, loaded.GetProperty("Id").GetString());
                Assert.Equal(["dotnet", "/app/App.dll"], loaded.GetProperty("Config").GetProperty("Entrypoint").EnumerateArray().Select(part => part.GetString()));
            }
        }
        finally
        {
            await ProcessRunner.RunAsync("podman", ["rmi", "--force", $"localhost/{repository}:1.0", $"localhost/{repository}:latest"]);
        }
    }

    private static async Task<BuiltImage> ScratchImageAsync(LocalBlobStore store, Platform platform)
    {
        SourceImage scratch = await new ScratchImageSource().ResolveAsync(platform, default);
        var layer = TestLayer.Create(("app", null), ("app/App", platform.ToString())).AddTo(store, "app", MediaTypeFamily.Oci.LayerGzip);
        return await ImageAssembler.AssembleAsync(scratch, platform, new ImageSettings { Repository = "team/api" }, MediaTypeFamily.Oci, [layer], ReproducibleDefaults.Timestamp, default);
    }

    private static async Task<JsonElement> SkopeoInspectAsync(string reference, params string[] options)
    {
        ProcessResult result = (await ProcessRunner.RunAsync("skopeo", ["inspect", .. options, reference])).EnsureSuccess();
        return JsonDocument.Parse(result.StandardOutput).RootElement.Clone();
    }
}
