using System.Security.Cryptography;
using System.Text.Json;

namespace Containerize.TestSupport.Registry;

/// <summary>Checks what is really in a registry with skopeo: copy to an OCI layout and re-hash every blob.</summary>
public static class RegistryTools
{
    /// <summary>Copies <c>docker://REFERENCE</c> into an OCI layout with skopeo and returns the layout folder.</summary>
    public static async Task<string> CopyToOciLayoutAsync(string reference, string? caCertificateDirectory = null, string? credentials = null)
    {
        string layout = RepositoryPaths.CreateWorkDirectory("skopeo-layout");
        List<string> arguments = ["copy", "--quiet", "--retry-times", "0", "--preserve-digests"];
        arguments.AddRange(caCertificateDirectory is null ? ["--src-tls-verify=false"] : ["--src-cert-dir", caCertificateDirectory]);
        if (credentials is not null)
        {
            arguments.AddRange(["--src-creds", credentials]);
        }

        arguments.AddRange([$"docker://{reference}", $"oci:{layout}:pulled"]);
        (await ProcessRunner.RunAsync("skopeo", arguments, timeout: TimeSpan.FromMinutes(2))).EnsureSuccess();
        return layout;
    }

    /// <summary>Seeds a registry from an OCI layout (a base image made from Debian packages, for example) with skopeo; <paramref name="credentials"/> is <c>USER:PASSWORD</c>.</summary>
    public static async Task SeedFromOciLayoutAsync(string layout, string layoutTag, string reference, string? credentials = null)
    {
        List<string> arguments = ["copy", "--quiet", "--retry-times", "0", "--preserve-digests", "--dest-tls-verify=false"];
        if (credentials is not null)
        {
            arguments.AddRange(["--dest-creds", credentials]);
        }

        arguments.AddRange([$"oci:{layout}:{layoutTag}", $"docker://{reference}"]);
        (await ProcessRunner.RunAsync("skopeo", arguments, timeout: TimeSpan.FromMinutes(2))).EnsureSuccess();
    }

    /// <summary>Hashes every blob of an OCI layout; returns their digests; throws when a file's name is not its hash.</summary>
    public static IReadOnlyList<string> VerifyLayoutBlobs(string layout)
    {
        var digests = new List<string>();
        foreach (string path in Directory.EnumerateFiles(Path.Combine(layout, "blobs", "sha256")))
        {
            using FileStream stream = File.OpenRead(path);
            string actual = Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
            if (actual != Path.GetFileName(path))
            {
                throw new InvalidOperationException($"Blob {path} hashes to {actual}.");
            }

            digests.Add("sha256:" + actual);
        }

        return digests;
    }

    /// <summary>The manifest digest the layout's index.json points at.</summary>
    public static string ReadLayoutManifestDigest(string layout)
    {
        using JsonDocument index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(layout, "index.json")));
        return index.RootElement.GetProperty("manifests")[0].GetProperty("digest").GetString()!;
    }

    /// <summary>The tags skopeo sees in a repository (none when it cannot list them); <paramref name="credentials"/> is <c>USER:PASSWORD</c>.</summary>
    /// <summary>The repository's tags less the referrers tag schema's <c>sha256-HEX</c> tags (each image's SBOM is listed under one).</summary>
    public static async Task<IReadOnlyList<string>> ListImageTagsAsync(string repositoryReference, string? credentials = null) =>
        (await ListTagsAsync(repositoryReference, credentials)).Where(tag => !System.Text.RegularExpressions.Regex.IsMatch(tag, "^sha256-[0-9a-f]{64}$")).ToArray();

    public static async Task<IReadOnlyList<string>> ListTagsAsync(string repositoryReference, string? credentials = null)
    {
        List<string> arguments = ["list-tags", "--tls-verify=false"];
        if (credentials is not null)
        {
            arguments.AddRange(["--creds", credentials]);
        }

        arguments.Add($"docker://{repositoryReference}");
        ProcessResult result = await ProcessRunner.RunAsync("skopeo", arguments);
        if (result.ExitCode != 0)
        {
            return [];
        }

        using JsonDocument tags = JsonDocument.Parse(result.StandardOutput);
        return tags.RootElement.GetProperty("Tags").EnumerateArray().Select(tag => tag.GetString()!).ToList();
    }
}
