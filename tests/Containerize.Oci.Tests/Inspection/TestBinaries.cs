using System.Text;
using Containerize.TestSupport;

namespace Containerize.Oci.Tests.Inspection;

/// <summary>
/// Real ELF executables for the run check's tests: this machine's dynamic <c>/bin/ls</c> (glibc, x86-64), a static
/// binary compiled here by gcc, and copies of <c>/bin/ls</c> with one header field changed (the machine, or the loader
/// path) where the machine has no binary of that kind (AArch64, musl).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static class TestBinaries
{
    public const string GlibcLoader = "/lib64/ld-linux-x86-64.so.2";
    public const string MuslLoader = "/lib/ld-musl-x86_64.so.1";

    public static string Dynamic => "/bin/ls";

    public static async Task<string> StaticAsync(string folder)
    {
        string source = Path.Combine(folder, "static.c");
        string binary = Path.Combine(folder, "static");
        await File.WriteAllTextAsync(source, "int main(void) { return 0; }\n");
        (await ProcessRunner.RunAsync("gcc", ["-static", "-o", binary, source])).EnsureSuccess();
        return binary;
    }

    /// <summary>A copy of /bin/ls whose e_machine says AArch64.</summary>
    public static string AArch64(string folder)
    {
        byte[] bytes = File.ReadAllBytes(Dynamic);
        BitConverter.TryWriteBytes(bytes.AsSpan(18, 2), (ushort)183);
        return Write(folder, "arm64-app", bytes);
    }

    /// <summary>A copy of /bin/ls whose PT_INTERP names the musl loader (the string is shorter, so it fits).</summary>
    public static string Musl(string folder)
    {
        byte[] bytes = File.ReadAllBytes(Dynamic);
        int at = IndexOf(bytes, Encoding.ASCII.GetBytes(GlibcLoader + "\0"));
        byte[] replacement = new byte[GlibcLoader.Length + 1];
        Encoding.ASCII.GetBytes(MuslLoader).CopyTo(replacement, 0);
        replacement.CopyTo(bytes, at);
        return Write(folder, "musl-app", bytes);
    }

    private static string Write(string folder, string name, byte[] bytes)
    {
        string path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        return path;
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int index = 0; index + needle.Length <= haystack.Length; index++)
        {
            if (haystack.AsSpan(index, needle.Length).SequenceEqual(needle))
            {
                return index;
            }
        }

        throw new InvalidOperationException("The loader path is not in /bin/ls.");
    }
}
