using System.Text;
using System.Text.Json;
using Containerize.Oci.Errors;
using Containerize.Oci.Registry.Credentials;
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

    /// <summary>Every variable pair a credential is read from that MSBuild does not record: these must leak nowhere.</summary>
    [Theory]
    [InlineData(UserVariable, PasswordVariable, "auth/from-env")]
    [InlineData("SDK_CONTAINER_REGISTRY_UNAME", "SDK_CONTAINER_REGISTRY_PWORD", "auth/from-sdk-env")]
    public async Task Credentials_from_environment_variables_push_and_the_password_is_in_no_output_binlog_or_file(string userVariable, string passwordVariable, string repository)
    {
        AuthenticatedPublish run = await _fixture.PublishAsync(repository,
            new Dictionary<string, string> { [userVariable] = RegistryAuthPublishFixture.User, [passwordVariable] = _fixture.Password });

        Assert.True(run.Result.ExitCode == 0, Tail(run.Output));
        Assert.Equal(["1.0.0"], await RegistryTools.ListImageTagsAsync($"{Address}/{repository}", _fixture.Credentials));
        Assert.DoesNotContain($"warning {ErrorCodes.CredentialVariableRecorded}", run.Output, StringComparison.Ordinal);
        string digestFile = Assert.Single(run.DigestFiles);
        string digestReference = (await File.ReadAllTextAsync(digestFile)).Trim();
        Assert.StartsWith($"{Address}/{repository}@sha256:", digestReference, StringComparison.Ordinal);
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

    /// <summary>
    /// The SDK's DOTNET_ pairs: read (the shared pair, and the pull pair for the base with the push pair for the
    /// destination), but MSBuild itself records DOTNET_ variables before any task runs. The build must say so (CTZ1015,
    /// naming the variables and the safe ones), and the scan must find the password where the warning says it is.
    /// </summary>
    [Theory]
    [InlineData("shared", "DOTNET_CONTAINER_REGISTRY_UNAME", "DOTNET_CONTAINER_REGISTRY_PWORD")]
    [InlineData("direction", "DOTNET_CONTAINER_PUSH_REGISTRY_UNAME", "DOTNET_CONTAINER_PUSH_REGISTRY_PWORD", "DOTNET_CONTAINER_PULL_REGISTRY_UNAME", "DOTNET_CONTAINER_PULL_REGISTRY_PWORD")]
    public async Task The_SDKs_DOTNET_variables_push_with_a_warning_that_MSBuild_records_them(string name, params string[] variables)
    {
        var environment = new Dictionary<string, string>();
        for (int i = 0; i < variables.Length; i += 2)
        {
            environment[variables[i]] = RegistryAuthPublishFixture.User;
            environment[variables[i + 1]] = _fixture.Password;
        }

        AuthenticatedPublish run = await _fixture.PublishAsync($"auth/dotnet-{name}", environment);

        Assert.True(run.Result.ExitCode == 0, Tail(run.Output));
        Assert.Equal(["1.0.0"], await RegistryTools.ListImageTagsAsync($"{Address}/auth/dotnet-{name}", _fixture.Credentials));
        string warning = run.Output.Split('\n').First(line => line.Contains($"warning {ErrorCodes.CredentialVariableRecorded}:", StringComparison.Ordinal));
        Assert.All(variables, variable => Assert.Contains(variable, warning, StringComparison.Ordinal));
        Assert.Contains($"{UserVariable} and {PasswordVariable}", warning, StringComparison.Ordinal);
        Assert.True(variables.All(CredentialVariables.IsRecordedByMSBuild));

        // What the warning says: MSBuild, not this package, wrote them into the binary log and the diag output.
        var scanner = new SecretScanner(RegistryAuthPublishFixture.User, _fixture.Password);
        Assert.NotEmpty(scanner.ScanBinaryLog(run.BinaryLogPath));
        Assert.NotEmpty(scanner.ScanText(run.Output, "console output"));
        // Nothing the package writes holds it.
        Assert.Empty(scanner.ScanDirectory(Path.Combine(run.ProjectDirectory, "obj")));
        Assert.Empty(scanner.ScanDirectory(Path.Combine(run.ProjectDirectory, "bin")));
        Assert.Empty(scanner.ScanDirectory(_fixture.CacheDirectory));
    }

    [Fact]
    public async Task The_pull_pair_reads_the_base_and_the_push_pair_is_what_the_destination_uses()
    {
        string wrongPassword = "Wrong" + Guid.NewGuid().ToString("N");
        AuthenticatedPublish run = await _fixture.PublishAsync("auth/push-pair", new Dictionary<string, string>
        {
            ["DOTNET_CONTAINER_PULL_REGISTRY_UNAME"] = RegistryAuthPublishFixture.User,
            ["DOTNET_CONTAINER_PULL_REGISTRY_PWORD"] = _fixture.Password,
            ["DOTNET_CONTAINER_PUSH_REGISTRY_UNAME"] = RegistryAuthPublishFixture.User,
            ["DOTNET_CONTAINER_PUSH_REGISTRY_PWORD"] = wrongPassword,
        });

        Assert.NotEqual(0, run.Result.ExitCode);
        string error = run.Output.Split('\n').First(line => line.Contains("error CTZ", StringComparison.Ordinal));
        Assert.Contains($"error {ErrorCodes.RegistryUnauthorized}:", error, StringComparison.Ordinal);
        Assert.Contains("environment (DOTNET_CONTAINER_PUSH_REGISTRY_UNAME/DOTNET_CONTAINER_PUSH_REGISTRY_PWORD)", error, StringComparison.Ordinal);
        Assert.Contains($"Base image {_fixture.BaseReference} resolved to", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongPassword, error, StringComparison.Ordinal);
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
        Assert.Empty(await RegistryTools.ListImageTagsAsync($"{Address}/auth/wrong", _fixture.Credentials));

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
        Assert.Equal(["1.0.0"], await RegistryTools.ListImageTagsAsync($"{Address}/auth/from-config", _fixture.Credentials));
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
