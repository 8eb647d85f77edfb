using System.Text.Json;
using System.Text.Json.Nodes;

namespace Containerize.TestSupport.Images;

/// <summary>
/// Runs an image the way this machine allows without a daemon: umoci unpacks it into an OCI runtime bundle and crun
/// runs the bundle, in a private mount namespace with the cgroup v1 "unified" mount out of the way.
/// </summary>
public static class ContainerRunner
{
    /// <summary>The reference name of the first manifest in an OCI layout's index.json (what umoci's --image wants after the colon).</summary>
    public static string? ReferenceName(string layoutDirectory)
    {
        using JsonDocument index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(layoutDirectory, "index.json")));
        JsonElement manifest = index.RootElement.GetProperty("manifests")[0];
        return manifest.TryGetProperty("annotations", out JsonElement annotations)
            && annotations.TryGetProperty("org.opencontainers.image.ref.name", out JsonElement name)
            ? name.GetString()
            : null;
    }

    public static async Task<ProcessResult> UnpackAsync(string layoutDirectory, string bundleDirectory)
    {
        string reference = ReferenceName(layoutDirectory) ?? "latest";
        return await ProcessRunner.RunAsync("umoci", ["unpack", "--image", $"{layoutDirectory}:{reference}", bundleDirectory], timeout: TimeSpan.FromMinutes(3));
    }

    /// <summary>Unpacks and runs the image; returns crun's result (the app's output is its standard output).</summary>
    public static async Task<ProcessResult> RunAsync(string layoutDirectory, string bundleDirectory)
    {
        (await UnpackAsync(layoutDirectory, bundleDirectory)).EnsureSuccess();
        string configPath = Path.Combine(bundleDirectory, "config.json");
        JsonNode config = JsonNode.Parse(File.ReadAllText(configPath))!;
        config["process"]!["terminal"] = false;
        File.WriteAllText(configPath, config.ToJsonString());

        string name = $"containerize-test-{Guid.NewGuid():N}"[..30];
        string script = $"umount /sys/fs/cgroup/unified 2>/dev/null; crun run -b '{bundleDirectory}' {name} </dev/null";
        return await ProcessRunner.RunAsync("unshare", ["-m", "--propagation", "private", "sh", "-c", script], timeout: TimeSpan.FromMinutes(2));
    }
}
