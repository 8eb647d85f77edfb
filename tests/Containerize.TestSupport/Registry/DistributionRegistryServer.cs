using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Containerize.TestSupport.Registry;

/// <summary>
/// A real registry for tests: Debian's <c>docker-registry</c> (CNCF distribution) on a free loopback port, with a
/// temporary storage folder and a generated config, killed on dispose.
/// </summary>
public sealed class DistributionRegistryServer : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/docker-registry";
    private readonly Process _process;
    private readonly StringBuilder _output;

    private DistributionRegistryServer(Process process, StringBuilder output, int port, string directory, bool tls)
    {
        _process = process;
        _output = output;
        Port = port;
        Directory = directory;
        IsTls = tls;
    }

    public int Port { get; }

    /// <summary>The registry as a client names it: <c>127.0.0.1:PORT</c>.</summary>
    public string Address => $"127.0.0.1:{Port}";

    public string Directory { get; }

    public bool IsTls { get; }

    /// <summary>What the registry printed (for test failure messages).</summary>
    public string Output { get { lock (_output) { return _output.ToString(); } } }

    public static async Task<DistributionRegistryServer> StartAsync(RegistryServerOptions? options = null)
    {
        options ??= new RegistryServerOptions();
        string directory = RepositoryPaths.CreateWorkDirectory("registry");
        int port = FreePort();
        string configPath = Path.Combine(directory, "config.yml");
        await File.WriteAllTextAsync(configPath, await BuildConfigAsync(options, directory, port));

        var startInfo = new ProcessStartInfo(ExecutablePath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        startInfo.ArgumentList.Add("serve");
        startInfo.ArgumentList.Add(configPath);
        var output = new StringBuilder();
        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new DistributionRegistryServer(process, output, port, directory, options.Tls is not null);
        await server.WaitUntilReadyAsync();
        return server;
    }

    private async Task WaitUntilReadyAsync()
    {
        using var handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        var uri = new Uri($"{(IsTls ? "https" : "http")}://{Address}/v2/");
        for (int attempt = 0; attempt < 150; attempt++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"docker-registry exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using HttpResponseMessage response = await client.GetAsync(uri);
                return;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException($"docker-registry did not answer on {uri}:\n{Output}");
    }

    private static async Task<string> BuildConfigAsync(RegistryServerOptions options, string directory, int port)
    {
        var config = new StringBuilder();
        config.AppendLine("version: 0.1");
        config.AppendLine($"log:\n  level: warn\n  accesslog:\n    disabled: {(options.AccessLog ? "false" : "true")}");
        config.AppendLine($"storage:\n  filesystem:\n    rootdirectory: {Path.Combine(directory, "storage")}\n  delete:\n    enabled: true");
        config.AppendLine($"http:\n  addr: 127.0.0.1:{port}\n  secret: containerize-tests");
        if (options.Tls is { } tls)
        {
            config.AppendLine($"  tls:\n    certificate: {tls.CertificatePath}\n    key: {tls.KeyPath}");
        }

        if (options.BasicUser is { } user)
        {
            string htpasswdPath = Path.Combine(directory, "htpasswd");
            ProcessResult result = (await ProcessRunner.RunAsync("htpasswd", ["-Bbn", user.User, user.Password])).EnsureSuccess();
            await File.WriteAllTextAsync(htpasswdPath, result.StandardOutput.Trim() + "\n");
            config.AppendLine($"auth:\n  htpasswd:\n    realm: containerize-tests\n    path: {htpasswdPath}");
        }
        else if (options.TokenAuth is { } token)
        {
            config.AppendLine($"auth:\n  token:\n    realm: {token.Realm}\n    service: {token.Service}\n    issuer: {token.Issuer}\n    rootcertbundle: {token.RootCertificateBundlePath}");
        }

        return config.ToString();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();

        // The blobs are large and re-creatable; the config stays for inspection.
        string storage = Path.Combine(Directory, "storage");
        if (System.IO.Directory.Exists(storage))
        {
            System.IO.Directory.Delete(storage, recursive: true);
        }
    }
}
