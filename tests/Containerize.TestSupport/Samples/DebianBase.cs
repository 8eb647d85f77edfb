namespace Containerize.TestSupport.Samples;

/// <summary>The runtime-deps-like base image made from Debian packages by build/make-debian-base.sh (cached).</summary>
public static class DebianBase
{
    private static readonly Lazy<Task<string>> s_reference = new(MakeAsync);

    /// <summary>The base as ContainerBaseImage takes it: <c>oci:FOLDER:latest</c>.</summary>
    public static Task<string> GetReferenceAsync() => s_reference.Value;

    public static string LayoutDirectory => Path.Combine(RepositoryPaths.Artifacts, "debian-base");

    private static async Task<string> MakeAsync()
    {
        (await ProcessRunner.RunAsync("bash", [Path.Combine(RepositoryPaths.Root, "build", "make-debian-base.sh"), LayoutDirectory], RepositoryPaths.Root, timeout: TimeSpan.FromMinutes(5)))
            .EnsureSuccess();
        return $"oci:{LayoutDirectory}:latest";
    }
}
