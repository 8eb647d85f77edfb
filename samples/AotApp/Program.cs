// What the scratch tests look for: the app started, as which user and group, and that /tmp is writable for it.
Console.WriteLine("Hello from a static AOT image!");
Console.WriteLine($"uid {Status("Uid:")} gid {Status("Gid:")}");
string probe = Path.Combine("/tmp", $"probe-{Environment.ProcessId}");
File.WriteAllText(probe, "ok");
Console.WriteLine($"/tmp writable: {File.ReadAllText(probe) == "ok"}");
File.Delete(probe);

static string Status(string field) =>
    File.Exists("/proc/self/status")
        ? File.ReadLines("/proc/self/status").FirstOrDefault(line => line.StartsWith(field, StringComparison.Ordinal))?.Split('\t', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) ?? "?"
        : "?";
