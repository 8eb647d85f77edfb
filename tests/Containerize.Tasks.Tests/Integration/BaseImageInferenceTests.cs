using Containerize.TestSupport;
using Containerize.TestSupport.Samples;

namespace Containerize.Tasks.Tests.Integration;

/// <summary>
/// Our default base image against the SDK's own <c>ComputeContainerBaseImage</c>, evaluated side by side on the same
/// project with the same properties: every combination of self-contained, AOT, trimmed, ASP.NET Core, musl RID,
/// invariant globalization and ContainerFamily, plus RID lists and SDK versions (preview channels, the jammy era).
/// One MSBuild process runs them all (a driver project that calls both targets per row) to keep it to a minute.
/// </summary>
public sealed class BaseImageInferenceTests : IClassFixture<RestoredSamplesFixture>
{
    private readonly SampleWorkspace _workspace;

    public BaseImageInferenceTests(RestoredSamplesFixture fixture)
    {
        _workspace = fixture.Workspace;
    }

    [Fact]
    public async Task Every_combination_gives_the_same_base_as_the_SDK()
    {
        var rows = new List<(string Sample, string Properties)>();
        foreach (string sample in new[] { "ConsoleApp", "WebApi" })
        foreach (bool selfContained in new[] { false, true })
        foreach (bool aot in new[] { false, true })
        foreach (bool trimmed in new[] { false, true })
        foreach (bool musl in new[] { false, true })
        foreach (bool invariant in new[] { false, true })
        foreach (string family in new[] { "", "noble-chiseled", "alpine" })
        {
            rows.Add((sample, string.Join(';',
                $"SelfContained={selfContained}", $"PublishAot={aot}", $"PublishTrimmed={trimmed}", $"InvariantGlobalization={invariant}",
                $"RuntimeIdentifier={(musl ? "linux-musl-x64" : "linux-x64")}", $"ContainerFamily={family}")));
        }

        // No single RID: the musl flavour follows from RuntimeIdentifiers (or ContainerRuntimeIdentifiers).
        rows.Add(("ConsoleApp", "RuntimeIdentifiers=linux-musl-x64%3Blinux-musl-arm64"));
        rows.Add(("ConsoleApp", "RuntimeIdentifiers=linux-musl-x64%3Blinux-musl-arm64;PublishAot=true"));
        rows.Add(("ConsoleApp", "ContainerRuntimeIdentifiers=linux-musl-arm64"));
        rows.Add(("WebApi", "RuntimeIdentifiers=linux-x64%3Blinux-arm64;PublishTrimmed=true"));

        // Preview SDKs get preview tags; other SDK versions and TFMs pick the version part and the Ubuntu codename.
        foreach (string sdk in new[] { "10.0.100-preview.7.25380.108", "10.0.100-rc.2.25502.107", "10.0.100-alpha.1.25070.1", "10.0.100-rtm.25523.111", "10.0.200-preview.1.25600.1", "11.0.100-preview.1.26078.121" })
        foreach (string extra in new[] { "", ";PublishAot=true", ";ContainerFamily=noble-chiseled" })
        {
            rows.Add(("ConsoleApp", $"NETCoreSdkVersion={sdk}{extra}"));
        }

        foreach (string extra in new[] { "PublishAot=true", "PublishTrimmed=true;InvariantGlobalization=true", "ContainerFamily=jammy-chiseled" })
        {
            rows.Add(("ConsoleApp", $"NETCoreSdkVersion=8.0.204;TargetFramework=net8.0;{extra}"));
            rows.Add(("ConsoleApp", $"NETCoreSdkVersion=8.0.300;TargetFramework=net8.0;{extra}"));
            rows.Add(("ConsoleApp", $"NETCoreSdkVersion=10.0.401;TargetFramework=net9.0;{extra}"));
        }

        IReadOnlyList<(string Properties, string Sdk, string Ours)> results = await EvaluateAsync(rows);

        Assert.Equal(rows.Count, results.Count);
        string[] differences = results.Where(row => row.Sdk != row.Ours).Select(row => $"{row.Properties}: SDK {row.Sdk}, ours {row.Ours}").ToArray();
        Assert.True(differences.Length == 0, $"{differences.Length} of {results.Count} differ:\n{string.Join('\n', differences)}");

        // The table reaches every flavour, so a rule that stopped applying would show as a difference above.
        string[] bases = results.Select(row => row.Sdk).Distinct().ToArray();
        foreach (string expected in new[]
        {
            "mcr.microsoft.com/dotnet/runtime:10.0", "mcr.microsoft.com/dotnet/aspnet:10.0", "mcr.microsoft.com/dotnet/runtime-deps:10.0",
            "mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled-extra", "mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled",
            "mcr.microsoft.com/dotnet/runtime:10.0-noble-chiseled-extra", "mcr.microsoft.com/dotnet/aspnet:10.0-alpine",
            "mcr.microsoft.com/dotnet/runtime-deps:10.0-alpine-extra", "mcr.microsoft.com/dotnet/runtime:10.0.0-preview.7",
            "mcr.microsoft.com/dotnet/runtime:10.0-preview", "mcr.microsoft.com/dotnet/runtime-deps:8.0-jammy-chiseled",
            "mcr.microsoft.com/dotnet/runtime-deps:9.0-noble-chiseled", "mcr.microsoft.com/dotnet/runtime:9.0-jammy-chiseled",
        })
        {
            Assert.Contains(expected, bases);
        }
    }

    [Fact]
    public async Task A_mirror_replaces_the_default_registry_and_ComputeContainerizeSettings_shows_it()
    {
        ProcessResult result = (await _workspace.DotnetAsync(
            ["msbuild", _workspace.ProjectDirectory("ConsoleApp"), "-nologo", "-t:ComputeContainerizeSettings", "-getProperty:ContainerBaseImage",
             "-p:ContainerizeDefaultBaseRegistry=mirror.example:5000/mcr", "-p:SelfContained=true", "-p:PublishTrimmed=true", "-p:RuntimeIdentifier=linux-x64"])).EnsureSuccess();
        ProcessResult invalid = await _workspace.DotnetAsync(
            ["msbuild", _workspace.ProjectDirectory("ConsoleApp"), "-nologo", "-t:ComputeContainerizeSettings", "-p:ContainerizeDefaultBaseRegistry=https://mirror.example"]);

        Assert.Equal("mirror.example:5000/mcr/dotnet/runtime-deps:10.0-noble-chiseled", result.StandardOutput.Trim());
        Assert.NotEqual(0, invalid.ExitCode);
        Assert.Contains("error CTZ2019:", invalid.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("https://mirror.example", invalid.StandardOutput, StringComparison.Ordinal);
    }

    private async Task<IReadOnlyList<(string Properties, string Sdk, string Ours)>> EvaluateAsync(IReadOnlyList<(string Sample, string Properties)> rows)
    {
        string folder = RepositoryPaths.CreateWorkDirectory("inference");
        string results = Path.Combine(folder, "results.txt");
        string items = string.Join('\n', rows.Select((row, index) =>
            $"""    <Row Include="{index}" Project="{_workspace.ProjectDirectory(row.Sample)}/{row.Sample}.csproj" Properties="_IsPublishing=true;{row.Properties}" Text="{row.Sample}: {row.Properties.Replace(";", " ", StringComparison.Ordinal)}" />"""));
        string driver = Path.Combine(folder, "inference.proj");
        await File.WriteAllTextAsync(driver, $$"""
            <Project>
              <ItemGroup>
            {{items}}
              </ItemGroup>
              <!-- Batched per row. The second call has one more global property, so it evaluates its own instance of
                   the project: the SDK's target sets ContainerBaseImage, which ours would otherwise take as the user's. -->
              <Target Name="Run" Outputs="%(Row.Identity)">
                <MSBuild Projects="%(Row.Project)" Targets="ComputeContainerBaseImage" Properties="%(Row.Properties)">
                  <Output TaskParameter="TargetOutputs" PropertyName="_Sdk" />
                </MSBuild>
                <MSBuild Projects="%(Row.Project)" Targets="_ComputeContainerizeBaseImage" Properties="%(Row.Properties);_ContainerizeInferenceSide=ours">
                  <Output TaskParameter="TargetOutputs" PropertyName="_Ours" />
                </MSBuild>
                <WriteLinesToFile File="{{results}}" Lines="%(Row.Text)|$(_Sdk)|$(_Ours)" />
              </Target>
            </Project>
            """);

        (await _workspace.DotnetAsync(["msbuild", driver, "-nologo", "-v:q", "-t:Run"])).EnsureSuccess();
        return (await File.ReadAllLinesAsync(results)).Select(line => line.Split('|')).Select(parts => (parts[0], parts[1], parts[2])).ToArray();
    }
}
