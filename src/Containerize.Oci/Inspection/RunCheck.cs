namespace Containerize.Oci.Inspection;

/// <summary>
/// Checks, before anything is written or pushed, that the image can start: its command exists in the merged file
/// system and is executable; an ELF entry executable is built for the image's architecture, and its loader and needed
/// libraries are in the image (a glibc binary on a musl base, or the reverse, is named as such); a framework-dependent
/// app finds <c>dotnet</c> on the image's PATH. Each failure is a <see cref="Errors.ContainerizeException"/> (CTZ22xx).
/// </summary>
public static class RunCheck
{
    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>Runs the check; returns one line for the log that says what was checked.</summary>
    public static string Check(RunCheckInput input)
    {
        if (input.Command.Count == 0)
        {
            return "Run check: the image sets no command; nothing to check.";
        }

        string command = input.Command[0];
        string? path = command.Contains('/') ? ImageFileTree.Normalize(command) : FindOnPath(input, command);
        if (path is null)
        {
            throw command == "dotnet"
                ? RunCheckErrors.DotnetMissing(input, Value(input.Environment, "PATH") ?? DefaultPath)
                : RunCheckErrors.CommandMissing(input, command, $"is on none of the image's PATH ({Value(input.Environment, "PATH") ?? DefaultPath})");
        }

        ImageFileEntry? entry = input.Files.Resolve(path);
        if (entry is null || entry.Type == ImageFileType.Directory)
        {
            throw RunCheckErrors.CommandMissing(input, command, entry is null ? "is in no layer of the image" : "is a directory");
        }

        if ((entry.Mode & AnyExecute) == 0)
        {
            throw RunCheckErrors.NotExecutable(input, path, entry.Mode);
        }

        // Files of the base are trusted: it was built for its own platform. Ours are read from disk.
        if (!input.SourceFiles.TryGetValue(entry.Path, out string? source) || ElfFile.TryRead(source) is not { } elf)
        {
            return $"Run check: {path} is in the image and executable.";
        }

        string? architecture = ElfMachines.Architecture(elf);
        if (architecture is not null && architecture != input.Architecture)
        {
            throw RunCheckErrors.ArchitectureMismatch(input, path, elf);
        }

        if (elf.Interpreter is not { } loader)
        {
            return $"Run check: {path} is a static {ElfMachines.Describe(elf)} executable.";
        }

        if (input.Files.Resolve(loader) is not { Type: not ImageFileType.Directory })
        {
            throw LoaderError(input, path, elf, loader);
        }

        string[] directories = LibraryDirectories(input, elf, entry.Path);
        foreach (string library in elf.Needed)
        {
            if (!directories.Any(directory => input.Files.Resolve(ImageFileTree.Join(directory, library)) is { Type: not ImageFileType.Directory }))
            {
                throw RunCheckErrors.LibraryMissing(input, path, library, directories);
            }
        }

        return $"Run check: {path} ({ElfMachines.Describe(elf)}) finds its loader {loader} and {elf.Needed.Count} libraries in the image.";
    }

    private static Errors.ContainerizeException LoaderError(RunCheckInput input, string path, ElfFile elf, string loader)
    {
        if (input.BaseIsEmpty)
        {
            return RunCheckErrors.DynamicOnScratch(input, path, elf);
        }

        bool wantsMusl = IsMuslLoader(loader);
        bool baseHasMusl = HasLoader(input.Files, "/lib", "ld-musl-");
        bool baseHasGlibc = HasLoader(input.Files, "/lib64", "ld-linux") || HasLoader(input.Files, "/lib", "ld-linux");
        return (wantsMusl, baseHasMusl, baseHasGlibc) switch
        {
            (false, true, _) => RunCheckErrors.GlibcOnMusl(input, path, loader),
            (true, _, true) => RunCheckErrors.MuslOnGlibc(input, path, loader),
            _ => RunCheckErrors.LoaderMissing(input, path, loader),
        };
    }

    private static bool IsMuslLoader(string loader) => loader.Contains("ld-musl-", StringComparison.Ordinal);

    private static bool HasLoader(ImageFileTree files, string directory, string prefix) =>
        files.List(directory).Any(name => name.StartsWith(prefix, StringComparison.Ordinal) && files.Resolve(ImageFileTree.Join(directory, name)) is not null);

    /// <summary>Where the loader looks, in its order: RUNPATH (with <c>$ORIGIN</c>), LD_LIBRARY_PATH, then the system folders of glibc (with the multiarch folder) or musl.</summary>
    private static string[] LibraryDirectories(RunCheckInput input, ElfFile elf, string executable)
    {
        string origin = ImageFileTree.ParentOf(executable);
        var directories = new List<string>();
        directories.AddRange(elf.RunPaths.Select(path => path.Replace("$ORIGIN", origin, StringComparison.Ordinal).Replace("${ORIGIN}", origin, StringComparison.Ordinal)));
        directories.AddRange((Value(input.Environment, "LD_LIBRARY_PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries));
        if (IsMuslLoader(elf.Interpreter!))
        {
            directories.AddRange(["/lib", "/usr/local/lib", "/usr/lib"]);
        }
        else
        {
            string? triplet = ElfMachines.MultiarchTriplet(input.Architecture);
            if (triplet is not null)
            {
                directories.AddRange([$"/lib/{triplet}", $"/usr/lib/{triplet}"]);
            }

            directories.AddRange(elf.Is64Bit ? ["/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib"] : ["/lib32", "/usr/lib32", "/lib", "/usr/lib", "/usr/local/lib"]);
        }

        return directories.Where(directory => directory.StartsWith('/')).Select(ImageFileTree.Normalize).Distinct(StringComparer.Ordinal).ToArray();
    }

    private static string? FindOnPath(RunCheckInput input, string command)
    {
        foreach (string directory in (Value(input.Environment, "PATH") ?? DefaultPath).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = ImageFileTree.Join(ImageFileTree.Normalize(directory), command);
            if (input.Files.Resolve(candidate) is { Type: not ImageFileType.Directory })
            {
                return candidate;
            }
        }

        return null;
    }

    private static string? Value(IReadOnlyList<string> environment, string name) =>
        environment.LastOrDefault(entry => entry.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..];
}
