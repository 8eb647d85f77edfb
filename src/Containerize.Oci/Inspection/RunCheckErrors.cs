using Containerize.Oci.Errors;

namespace Containerize.Oci.Inspection;

/// <summary>The run check's failures: what is missing, in which image, and how to fix it (or turn the check off).</summary>
internal static class RunCheckErrors
{
    private const string TurnOff = " If the image is right and the check is wrong, set ContainerizeRunCheck=false (and please report it).";

    public static ContainerizeException CommandMissing(RunCheckInput input, string command, string reason) =>
        new(ErrorCodes.RunCheckCommandMissing,
            $"The image cannot start: its command '{command}' {reason} (base '{input.BaseName}').",
            "Check ContainerAppCommand/ContainerEntrypoint and ContainerizeAppHostFileName, or use a base that has the command." + TurnOff);

    public static ContainerizeException NotExecutable(RunCheckInput input, string path, UnixFileMode mode) =>
        new(ErrorCodes.RunCheckNotExecutable,
            $"The image cannot start: its entry executable {path} has mode {Convert.ToString((int)mode, 8).PadLeft(4, '0')}, with no execute bit (base '{input.BaseName}').",
            "Publish on Linux or macOS so the apphost keeps its execute bit, or give the file an executable mode (ContainerExtraLayer FileMode)." + TurnOff);

    public static ContainerizeException ArchitectureMismatch(RunCheckInput input, string path, ElfFile elf) =>
        new(ErrorCodes.RunCheckArchitectureMismatch,
            $"The image cannot start: its entry executable {path} is an {ElfMachines.Describe(elf)} ({ElfMachines.Architecture(elf)}) binary, but the image is for {input.Architecture} (ContainerRuntimeIdentifier '{input.RuntimeIdentifier}').",
            "Publish for the image's platform: give RuntimeIdentifier and ContainerRuntimeIdentifier the same RID (for example linux-arm64 for an arm64 image)." + TurnOff);

    public static ContainerizeException DynamicOnScratch(RunCheckInput input, string path, ElfFile elf) =>
        new(ErrorCodes.RunCheckDynamicOnScratch,
            $"The image cannot start: its entry executable {path} is dynamically linked (it needs the loader {elf.Interpreter} and {string.Join(", ", elf.Needed)}), but the base '{input.BaseName}' has no files.",
            "On scratch only a static binary starts: publish with PublishAot=true and StaticExecutable=true (glibc static linking needs PositionIndependentExecutable=false or LinkerFlavor=lld), or use a runtime-deps base." + TurnOff);

    public static ContainerizeException GlibcOnMusl(RunCheckInput input, string path, string loader) =>
        new(ErrorCodes.RunCheckGlibcOnMusl,
            $"The image cannot start: its entry executable {path} is built for glibc (it needs {loader}), but the base '{input.BaseName}' is a musl (Alpine) image without it.",
            $"Publish for musl (RuntimeIdentifier {MuslRid(input.RuntimeIdentifier)}), or use a glibc base such as mcr.microsoft.com/dotnet/runtime-deps without -alpine." + TurnOff);

    public static ContainerizeException MuslOnGlibc(RunCheckInput input, string path, string loader) =>
        new(ErrorCodes.RunCheckMuslOnGlibc,
            $"The image cannot start: its entry executable {path} is built for musl (it needs {loader}), but the base '{input.BaseName}' is a glibc image without it.",
            $"Publish for glibc (RuntimeIdentifier {GlibcRid(input.RuntimeIdentifier)}), or use a musl base (an -alpine tag)." + TurnOff);

    public static ContainerizeException LoaderMissing(RunCheckInput input, string path, string loader) =>
        new(ErrorCodes.RunCheckLoaderMissing,
            $"The image cannot start: its entry executable {path} needs the loader {loader}, which no layer of the image has (base '{input.BaseName}').",
            "Use a base image with the C library the app was published for (runtime-deps for linux-*, an -alpine tag for linux-musl-*)." + TurnOff);

    public static ContainerizeException LibraryMissing(RunCheckInput input, string path, string library, IEnumerable<string> directories) =>
        new(ErrorCodes.RunCheckLibraryMissing,
            $"The image cannot start: its entry executable {path} needs {library}, which is in none of {string.Join(", ", directories)} (base '{input.BaseName}').",
            $"Use a base that has {library} (the .NET runtime-deps images do), or add it with a ContainerExtraLayer." + TurnOff);

    public static ContainerizeException DotnetMissing(RunCheckInput input, string path) =>
        new(ErrorCodes.RunCheckDotnetMissing,
            $"The image cannot start: the app is framework-dependent (started as 'dotnet {string.Join(' ', input.Command.Skip(1))}'), but the base '{input.BaseName}' has no dotnet on its PATH ({path}).",
            "Use a base with the .NET runtime (mcr.microsoft.com/dotnet/runtime or aspnet), or publish self-contained (SelfContained=true) for a runtime-deps base." + TurnOff);

    private static string MuslRid(string? rid) => rid is not null && rid.StartsWith("linux-", StringComparison.Ordinal) && !rid.StartsWith("linux-musl-", StringComparison.Ordinal)
        ? "linux-musl-" + rid["linux-".Length..]
        : "linux-musl-x64";

    private static string GlibcRid(string? rid) => rid is not null && rid.StartsWith("linux-musl-", StringComparison.Ordinal)
        ? "linux-" + rid["linux-musl-".Length..]
        : "linux-x64";
}
