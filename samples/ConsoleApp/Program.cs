using System.Runtime.InteropServices;

// The first line is what the tests and build/quickstart.sh look for; the second shows the app really ran on .NET here.
Console.WriteLine("Hello from a layered image!");
Console.WriteLine($"Running {RuntimeInformation.FrameworkDescription} on {RuntimeInformation.OSArchitecture} as uid {GetUserId()}");
Console.WriteLine($"sum(1..10) = {Enumerable.Range(1, 10).Sum()}");

static string GetUserId() =>
    File.Exists("/proc/self/status")
        ? File.ReadLines("/proc/self/status").FirstOrDefault(line => line.StartsWith("Uid:", StringComparison.Ordinal))?.Split('\t', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) ?? "?"
        : "?";
