namespace Containerize.TestSupport.Samples;

/// <summary>
/// The base flavours made by build/make-flavour-base.sh (cached): <c>runtime</c>, the Debian base plus this machine's
/// .NET runtime (chiseled-like: glibc, no shell, dotnet on PATH), and <c>musl</c>, an Alpine-like base with musl's
/// loader from Debian's musl package (a musl .NET app cannot run on it here: Debian has no musl libstdc++).
/// </summary>
public static class FlavourBase
{
    private static readonly Lazy<Task<string>> s_runtime = new(() => MakeAsync("runtime"));
    private static readonly Lazy<Task<string>> s_musl = new(() => MakeAsync("musl"));

    /// <summary><c>oci:FOLDER:latest</c> of the runtime-like base.</summary>
    public static Task<string> GetRuntimeReferenceAsync() => s_runtime.Value;

    /// <summary><c>oci:FOLDER:latest</c> of the Alpine-like base.</summary>
    public static Task<string> GetMuslReferenceAsync() => s_musl.Value;

    public static string LayoutDirectory(string flavour) => Path.Combine(RepositoryPaths.Artifacts, $"{flavour}-base");

    private static async Task<string> MakeAsync(string flavour)
    {
        // The runtime flavour builds on the Debian base; make it first (cached) so both Lazy makers never race on it.
        await DebianBase.GetReferenceAsync();
        (await ProcessRunner.RunAsync("bash", [Path.Combine(RepositoryPaths.Root, "build", "make-flavour-base.sh"), flavour, LayoutDirectory(flavour)], RepositoryPaths.Root, timeout: TimeSpan.FromMinutes(5)))
            .EnsureSuccess();
        return $"oci:{LayoutDirectory(flavour)}:latest";
    }
}
