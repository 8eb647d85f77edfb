using System.Text.RegularExpressions;
using Containerize.TestSupport;
using Containerize.TestSupport.Samples;

namespace Containerize.Tasks.Tests.DropIn;

/// <summary>
/// Docs that are true: the getting-started page's commands run as written, and the migration page lists every property,
/// item and output the SDK's own container targets read or write.
/// </summary>
public sealed partial class DocsTests
{
    /// <summary>Names in the SDK's targets that a moved project may set or read, besides every Container*, LocalRegistry and Generated* name.</summary>
    private static readonly string[] s_otherSdkNames = ["EnableSdkContainerSupport", "RegistryUrl", "PublishImageTag", "AutoGenerateImageTag"];

    [Fact]
    public async Task The_migration_page_lists_every_name_the_SDKs_container_targets_read_or_write()
    {
        string targets = await SdkContainerTargetsAsync();
        string migration = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "docs", "migrating-from-sdk.md"));
        var names = SdkNamePattern().Matches(targets).Select(match => match.Groups["name"].Value)
            .Concat(s_otherSdkNames.Where(name => targets.Contains($"$({name})", StringComparison.Ordinal)))
            .ToHashSet(StringComparer.Ordinal);

        // Sanity: the pattern finds what the SDK is known to read, so an empty or changed file cannot pass silently.
        Assert.Contains("ContainerRepository", names);
        Assert.Contains("GeneratedContainerDigest", names);
        Assert.Contains("LocalRegistry", names);
        string[] missing = names.Where(name => !migration.Contains($"`{name}`", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        Assert.True(missing.Length == 0, $"docs/migrating-from-sdk.md does not list: {string.Join(", ", missing)}");
    }

    [Fact]
    public async Task The_getting_started_page_runs_as_written_from_the_repository_root()
    {
        // A copy of the repository as a new user has it: the samples, the packed package's feed and the Debian base.
        await DebianBase.GetReferenceAsync();
        SampleWorkspace workspace = await SampleWorkspace.CreateAsync("getting-started");
        string root = Path.GetDirectoryName(workspace.Root)!;
        Directory.CreateDirectory(Path.Combine(root, "artifacts"));
        Directory.CreateSymbolicLink(Path.Combine(root, "artifacts", "debian-base"), DebianBase.LayoutDirectory);
        string page = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "docs", "getting-started.md"));
        string[] blocks = BashBlockPattern().Matches(page).Select(match => match.Groups["code"].Value).ToArray();
        Assert.Equal(3, blocks.Length);

        // Each block as one bash script, in order; a server a block starts in the background is stopped at the end.
        string script = "set -euo pipefail\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n" + string.Join("\n", blocks);
        ProcessResult result = await ProcessRunner.RunAsync("bash", ["-c", script], root, new Dictionary<string, string?>
        {
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["XDG_CACHE_HOME"] = workspace.DefaultCacheHome,
        }, TimeSpan.FromMinutes(10));

        result.EnsureSuccess();
        Assert.True(File.Exists(Path.Combine(root, "consoleapp.tar")), "step 3 writes the archive where step 4 reads it");
        Assert.Contains("Hello from a layered image!", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("\"Digest\": \"sha256:", result.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>The SDK's own container targets, of the SDK that builds the samples.</summary>
    private static async Task<string> SdkContainerTargetsAsync()
    {
        string version = (await ProcessRunner.RunAsync("dotnet", ["--version"], RepositoryPaths.Samples)).EnsureSuccess().StandardOutput.Trim();
        string sdks = (await ProcessRunner.RunAsync("dotnet", ["--list-sdks"], RepositoryPaths.Samples)).EnsureSuccess().StandardOutput;
        Match sdk = Regex.Match(sdks, $@"^{Regex.Escape(version)} \[(?<path>[^\]]+)\]", RegexOptions.Multiline);
        Assert.True(sdk.Success, $"SDK {version} not in:\n{sdks}");
        string build = Path.Combine(sdk.Groups["path"].Value, version, "Containers", "build");
        return string.Concat(Directory.GetFiles(build, "*.targets").Order(StringComparer.Ordinal).Select(File.ReadAllText));
    }

    [GeneratedRegex(@"[$@]\((?<name>(?:Container|Generated)[A-Za-z]+|LocalRegistry)[)\-]|(?:PropertyName|ItemName)=""(?<name>(?:Container|Generated)[A-Za-z]+)""")]
    private static partial Regex SdkNamePattern();

    [GeneratedRegex(@"^```bash\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex BashBlockPattern();
}
