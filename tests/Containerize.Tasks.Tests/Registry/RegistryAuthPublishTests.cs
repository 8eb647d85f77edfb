using System.Text;
using System.Text.Json;
using Containerize.TestSupport;
using Containerize.TestSupport.Registry;
using Containerize.TestSupport.Secrets;

namespace Containerize.Tasks.Tests.Registry;

/// <summary>
/// `dotnet publish -t:PublishLayeredImage` to a registry with Basic auth, credentials from the environment or a
/// Docker config, under `-v:diag` and `-bl`: the push works, and the password is in no output, log or file.
/// </summary>
public sealed class RegistryAuthPublishTests : IClassFixture<RegistryAuthPublishFixture>
{
    private const string UserVariable = "CONTAINERIZE_REGISTRY_USERNAME";
    private const string PasswordVariable = "CONTAINERIZE_REGISTRY_PASSWORD";
    private readonly RegistryAuthPublishFixture _fixture;

    public RegistryAuthPublishTests(RegistryAuthPublishFixture fixture)
    {
        _fixture = fixture;
    }

    private string Address => _fixture.Registry.Address;

    [Fact]
    public async Task Credentials_from_environment_variables_push_and_the_password_is_in_no_output_binlog_or_file()
    {
        AuthenticatedPublish run = await _fixture.PublishAsync("auth/from-env",
            new Dictionary<string, string> { [UserVariable] = RegistryAuthPublishFixture.User, [PasswordVariable] = _fixture.Password });

        Assert.True(run.Result.ExitCode == 0, Tail(run.Output));
        Assert.Equal(["1.0.0"], await RegistryTools.ListTagsAsync($"{Address}/auth/from-env", _fixture.Credentials));
        string digestFile = Assert.Single(run.DigestFiles);
        string digestReference = (await File.ReadAllTextAsync(digestFile)).Trim();
        Assert.StartsWith($"{Address}/auth/from-env@sha256:", digestReference, StringComparison.Ordinal);
        Assert.Contains($"Pushed {digestReference}", run.Output, StringComparison.Ordinal);
        // The scanner can see what the task logged, so a logged password would be found too.
        Assert.NotEmpty(new SecretScanner("unused", digestReference).ScanBinaryLog(run.BinaryLogPath));

        var scanner = new SecretScanner(RegistryAuthPublishFixture.User, _fixture.Password);
        Assert.Empty(scanner.ScanText(run.Output, "console output"));
        Assert.Empty(scanner.ScanBinaryLog(run.BinaryLogPath));
        Assert.Empty(scanner.ScanDirectory(Path.Combine(run.ProjectDirectory, "obj")));
        Assert.Empty(scanner.ScanDirectory(Path.Combine(run.ProjectDirectory, "bin")));
        Assert.Empty(scanner.ScanDirectory(_fixture.CacheDirectory));
        Assert.Empty(scanner.ScanText(await File.ReadAllTextAsync(digestFile), digestFile));
    }

    [Fact]
    public async Task A_wrong_password_fails_with_CTZ1003_naming_the_registry_and_the_variables_but_never_the_password()
    {
        string wrongPassword = "Wrong" + Guid.NewGuid().ToString("N");
        AuthenticatedPublish run = await _fixture.PublishAsync("auth/wrong",
            new Dictionary<string, string> { [UserVariable] = RegistryAuthPublishFixture.User, [PasswordVariable] = wrongPassword });

        Assert.NotEqual(0, run.Result.ExitCode);
        // Reported where it happened and again in the build's error summary: the same text both times.
        string[] errors = run.Output.Split('\n').Where(line => line.Contains("error CTZ", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(errors);
        Assert.All(errors, line => Assert.Contains("error CTZ1003:", line, StringComparison.Ordinal));
        string error = errors[0];
        Assert.Contains($"'{Address}", error, StringComparison.Ordinal);
        Assert.Contains($"environment ({UserVariable}/{PasswordVariable})", error, StringComparison.Ordinal);
        Assert.Empty(run.DigestFiles);
        Assert.Empty(await RegistryTools.ListTagsAsync($"{Address}/auth/wrong", _fixture.Credentials));

        var scanner = new SecretScanner(RegistryAuthPublishFixture.User, wrongPassword);
        Assert.Empty(scanner.ScanText(run.Output, "console output"));
        Assert.Empty(scanner.ScanBinaryLog(run.BinaryLogPath));
        Assert.Empty(scanner.ScanDirectory(Path.Combine(run.ProjectDirectory, "obj")));
        Assert.Empty(scanner.ScanDirectory(_fixture.CacheDirectory));
    }

    [Fact]
    public async Task Credentials_from_a_docker_config_auths_entry_push_without_leaking()
    {
        string dockerConfig = RepositoryPaths.CreateWorkDirectory("auth-docker-config");
        string auth = Convert.ToBase64String(Encoding.UTF8.GetBytes(_fixture.Credentials));
        await File.WriteAllTextAsync(Path.Combine(dockerConfig, "config.json"),
            JsonSerializer.Serialize(new { auths = new Dictionary<string, object> { [Address] = new { auth } } }));

        AuthenticatedPublish run = await _fixture.PublishAsync("auth/from-config", new Dictionary<string, string> { ["DOCKER_CONFIG"] = dockerConfig });

        Assert.True(run.Result.ExitCode == 0, Tail(run.Output));
        Assert.Equal(["1.0.0"], await RegistryTools.ListTagsAsync($"{Address}/auth/from-config", _fixture.Credentials));
        Assert.Single(run.DigestFiles);
        var scanner = new SecretScanner(RegistryAuthPublishFixture.User, _fixture.Password);
        Assert.Empty(scanner.ScanText(run.Output, "console output"));
        Assert.Empty(scanner.ScanBinaryLog(run.BinaryLogPath));
    }

    [Fact]
    public async Task The_leak_checks_find_a_secret_the_build_was_given_as_a_property()
    {
        // A control: a value the build does log must be found by the same checks, in the output and in the binlog.
        string probe = "Probe" + Guid.NewGuid().ToString("N");
        AuthenticatedPublish run = await _fixture.PublishAsync("auth/probe",
            new Dictionary<string, string> { [UserVariable] = RegistryAuthPublishFixture.User, [PasswordVariable] = _fixture.Password },
            $"-p:ContainerizeLeakProbe={probe}");

        Assert.True(run.Result.ExitCode == 0, Tail(run.Output));
        var scanner = new SecretScanner(RegistryAuthPublishFixture.User, probe);
        Assert.NotEmpty(scanner.ScanText(run.Output, "console output"));
        Assert.NotEmpty(scanner.ScanBinaryLog(run.BinaryLogPath));
    }

    /// <summary>The end of a diagnostic build's output: enough to see the error without megabytes in the test report.</summary>
    private static string Tail(string output) => output.Length > 20_000 ? output[^20_000..] : output;
}
