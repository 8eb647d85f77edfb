namespace Containerize.TestSupport.Samples;

/// <summary>
/// A copy of samples/ in its own folder under artifacts/test-work (so NuGet.config and the local feed still apply),
/// where tests run real `dotnet publish` with the packed Containerize.Tasks package.
/// </summary>
public sealed class SampleWorkspace
{
    private static readonly SemaphoreSlim s_packLock = new(1, 1);

    private SampleWorkspace(string root)
    {
        Root = root;
    }

    /// <summary>The folder that holds the copied sample projects.</summary>
    public string Root { get; }

    public string ProjectDirectory(string sample) => Path.Combine(Root, sample);

    /// <summary>The XDG_CACHE_HOME of this workspace's builds: the layer cache is <c>DefaultCacheHome/containerize</c> unless a build sets one.</summary>
    public string DefaultCacheHome => Path.Combine(Path.GetDirectoryName(Root)!, "xdg-cache");

    public static async Task<SampleWorkspace> CreateAsync(string name)
    {
        await EnsurePackageAsync();
        string root = Path.Combine(RepositoryPaths.CreateWorkDirectory(name), "samples");
        CopyDirectory(RepositoryPaths.Samples, root);
        return new SampleWorkspace(root);
    }

    /// <summary>Runs `dotnet publish` of one sample; <paramref name="arguments"/> are added as given.</summary>
    public Task<ProcessResult> PublishAsync(string sample, params string[] arguments) =>
        DotnetAsync(["publish", ProjectDirectory(sample), "-nologo", .. arguments]);

    /// <summary>Runs any dotnet command in this workspace with node reuse off and bounded time; canceling kills its whole process tree (SIGKILL).</summary>
    public Task<ProcessResult> DotnetAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, CancellationToken cancellationToken = default)
    {
        var variables = new Dictionary<string, string?>
        {
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["SOURCE_DATE_EPOCH"] = null,
            // Each workspace has its own default layer cache, so no test sees layers another one cached; tests that
            // share a cache say so with ContainerizeCacheDirectory.
            ["XDG_CACHE_HOME"] = DefaultCacheHome,
        };
        foreach ((string key, string? value) in environment ?? new Dictionary<string, string?>())
        {
            variables[key] = value;
        }

        return ProcessRunner.RunAsync("dotnet", arguments, Root, variables, TimeSpan.FromMinutes(8), cancellationToken);
    }

    /// <summary>Packs Containerize.Tasks when the local feed has no package yet (build/test.sh always packs first).</summary>
    /// <summary>
    /// A workspace made into a fresh clone, as CI has: its own git repository (so the repository root, not this
    /// repository's, is what gets mapped) with one commit of fixed author, committer and dates (both clones get the same
    /// commit id, which the SDK stamps into the informational version) and an origin remote, so Source Link writes its
    /// JSON, which names the clone folder unless mapped, into every PDB.
    /// </summary>
    public static async Task<SampleWorkspace> CreateCloneAsync(string name, Action<string>? addFiles = null)
    {
        SampleWorkspace workspace = await CreateAsync(name);
        addFiles?.Invoke(workspace.Root);
        var environment = new Dictionary<string, string?>
        {
            ["GIT_CONFIG_GLOBAL"] = "/dev/null",
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_AUTHOR_NAME"] = "Containerize Tests",
            ["GIT_AUTHOR_EMAIL"] = "tests@example.invalid",
            ["GIT_AUTHOR_DATE"] = "2024-01-01T00:00:00Z",
            ["GIT_COMMITTER_NAME"] = "Containerize Tests",
            ["GIT_COMMITTER_EMAIL"] = "tests@example.invalid",
            ["GIT_COMMITTER_DATE"] = "2024-01-01T00:00:00Z",
        };
        string[][] commands =
        [
            ["init", "--quiet", "--initial-branch=main"],
            ["add", "--all"],
            ["commit", "--quiet", "--no-gpg-sign", "--message=Samples"],
            ["remote", "add", "origin", "https://github.com/example/samples.git"],
        ];
        foreach (string[] command in commands)
        {
            (await ProcessRunner.RunAsync("git", command, workspace.Root, environment, TimeSpan.FromMinutes(1))).EnsureSuccess();
        }

        return workspace;
    }

    private static async Task EnsurePackageAsync()
    {
        await s_packLock.WaitAsync();
        try
        {
            string package = Path.Combine(RepositoryPaths.Artifacts, "packages", "Containerize.Tasks.0.1.0-dev.nupkg");
            if (!File.Exists(package))
            {
                (await ProcessRunner.RunAsync("bash", [Path.Combine(RepositoryPaths.Root, "build", "pack.sh")], RepositoryPaths.Root)).EnsureSuccess();
            }
        }
        finally
        {
            s_packLock.Release();
        }
    }

    /// <summary>Copies a project tree without its bin and obj folders.</summary>
    public static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (string directory in Directory.GetDirectories(source))
        {
            string name = Path.GetFileName(directory);
            if (name is "bin" or "obj")
            {
                continue;
            }

            CopyDirectory(directory, Path.Combine(destination, name));
        }

        foreach (string file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }
    }
}
