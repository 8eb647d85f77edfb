namespace Containerize.TestSupport;

/// <summary>
/// The independent reader of our SBOMs: CycloneDX's own JavaScript library and its strict 1.5 JSON schema, installed
/// from npm by build/install-sbom-validator.sh the first time a test needs it.
/// </summary>
public static class SbomValidator
{
    private static readonly SemaphoreSlim s_install = new(1, 1);

    /// <summary>Validates the files; the result carries "valid FILE" lines, or the schema's complaints and exit code 1.</summary>
    public static async Task<ProcessResult> ValidateAsync(params string[] files)
    {
        string folder = await InstallAsync();
        return await ProcessRunner.RunAsync("node", [Path.Combine(folder, "validate.js"), .. files]);
    }

    private static async Task<string> InstallAsync()
    {
        await s_install.WaitAsync();
        try
        {
            ProcessResult installed = (await ProcessRunner.RunAsync("bash", [Path.Combine(RepositoryPaths.Root, "build", "install-sbom-validator.sh")])).EnsureSuccess();
            return installed.StandardOutput.Trim();
        }
        finally
        {
            s_install.Release();
        }
    }
}
