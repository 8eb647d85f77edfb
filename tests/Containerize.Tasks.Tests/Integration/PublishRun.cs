using System.Text.Json;
using Containerize.TestSupport;
using Containerize.TestSupport.Samples;

namespace Containerize.Tasks.Tests.Integration;

/// <summary>
/// One real `dotnet publish -t:PublishLayeredImage` with a normal-verbosity log file and the asked-for properties and
/// items read back as JSON (-getProperty / -getItem); <see cref="Outputs"/> is null when the build failed.
/// </summary>
public sealed record PublishRun(ProcessResult Result, string Log, JsonElement? Outputs)
{
    public string? Property(string name) =>
        Outputs?.GetProperty("Properties").TryGetProperty(name, out JsonElement value) == true ? value.GetString() : null;

    public IEnumerable<JsonElement> Items(string name) =>
        Outputs?.GetProperty("Items").TryGetProperty(name, out JsonElement items) == true ? items.EnumerateArray() : [];

    public static async Task<PublishRun> RunAsync(
        SampleWorkspace workspace, string sample, string name, IEnumerable<string> properties, IEnumerable<string> items, params string[] arguments)
    {
        string output = Path.Combine(Path.GetDirectoryName(workspace.Root)!, "out");
        string logFile = Path.Combine(output, $"{name}.log");
        Directory.CreateDirectory(output);
        ProcessResult result = await workspace.PublishAsync(
            sample,
            [
                "-t:PublishLayeredImage",
                $"-flp:logfile={logFile};verbosity=normal",
                "-fl",
                .. properties.Select(property => $"-getProperty:{property}"),
                .. items.Select(item => $"-getItem:{item}"),
                .. arguments,
            ]);

        string log = File.Exists(logFile) ? await File.ReadAllTextAsync(logFile) : "";
        JsonElement? outputs = result.ExitCode == 0 ? JsonDocument.Parse(result.StandardOutput).RootElement : null;
        return new PublishRun(result, log, outputs);
    }
}
