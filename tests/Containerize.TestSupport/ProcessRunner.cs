using System.Diagnostics;
using System.Text;

namespace Containerize.TestSupport;

/// <summary>The outcome of a finished process.</summary>
public sealed record ProcessResult(string FileName, IReadOnlyList<string> Arguments, int ExitCode, string StandardOutput, string StandardError)
{
    public string CommandLine => $"{FileName} {string.Join(' ', Arguments)}";

    /// <summary>Throws with the command and its whole output when it failed, so a test failure says why.</summary>
    public ProcessResult EnsureSuccess()
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{CommandLine}' exited with {ExitCode}.\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}");
        }

        return this;
    }
}

/// <summary>Runs external tools (dotnet, skopeo, umoci, crun, tar) for tests: arguments as a list, output captured, bounded time.</summary>
public static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach ((string name, string? value) in environment)
            {
                if (value is null)
                {
                    startInfo.Environment.Remove(name);
                }
                else
                {
                    startInfo.Environment[name] = value;
                }
            }
        }

        using var process = new Process { StartInfo = startInfo };
        var standardOutput = new StringBuilder();
        var standardError = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (standardOutput) { standardOutput.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (standardError) { standardError.AppendLine(e.Data); } } };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout ?? TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{fileName} {string.Join(' ', startInfo.ArgumentList)}' did not finish in time.\n{standardOutput}\n{standardError}");
        }

        // WaitForExitAsync returns after the output streams are drained.
        return new ProcessResult(fileName, startInfo.ArgumentList.ToArray(), process.ExitCode, standardOutput.ToString(), standardError.ToString());
    }
}
