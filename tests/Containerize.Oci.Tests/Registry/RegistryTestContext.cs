using Containerize.Oci.Logging;
using Containerize.Oci.Registry;
using Containerize.Oci.Registry.Transport;
using Xunit.Abstractions;

namespace Containerize.Oci.Tests.Registry;

/// <summary>Options and a log for registry tests: short retry delays, no credentials from the machine.</summary>
internal static class RegistryTestContext
{
    public static readonly RetryPolicy FastRetry = new()
    {
        MaxAttempts = 5,
        InitialDelay = TimeSpan.FromMilliseconds(20),
        MaximumDelay = TimeSpan.FromMilliseconds(200),
        MaximumRetryAfter = TimeSpan.FromSeconds(1),
    };

    /// <summary>Options that never read this machine's environment or Docker config.</summary>
    public static RegistryOptions Options(IReadOnlyDictionary<string, string>? environment = null) => new()
    {
        Retry = FastRetry,
        EnvironmentVariables = name => environment?.GetValueOrDefault(name),
        HomeDirectory = null,
    };
}

/// <summary>Sends the library's log lines to the test output.</summary>
internal sealed class TestOutputLog(ITestOutputHelper output) : IBuildLog
{
    public List<string> Lines { get; } = [];

    public void Info(string message) => Write("info", message);

    public void Detail(string message) => Write("detail", message);

    public void Warning(string code, string message) => Write(code, message);

    private void Write(string level, string message)
    {
        lock (Lines)
        {
            Lines.Add(message);
        }

        try
        {
            output.WriteLine($"[{level}] {message}");
        }
        catch (InvalidOperationException)
        {
            // Output arrives after the test finished (a background retry): nothing to do.
        }
    }
}
