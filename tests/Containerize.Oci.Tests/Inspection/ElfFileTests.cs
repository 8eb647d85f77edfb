using System.Text.RegularExpressions;
using Containerize.Oci.Inspection;
using Containerize.Oci.Tests.Layers;
using Containerize.TestSupport;

namespace Containerize.Oci.Tests.Inspection;

/// <summary>The ELF reader against real binaries, with binutils' readelf as the independent reader.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class ElfFileTests
{
    [Theory]
    [InlineData("/bin/ls")]
    [InlineData("/usr/bin/dotnet")]
    public async Task A_dynamic_executable_gives_the_interpreter_and_needed_libraries_that_readelf_shows(string path)
    {
        string real = Path.GetFullPath(new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path);
        ProcessResult readelf = (await ProcessRunner.RunAsync("readelf", ["--program-headers", "--dynamic", "--wide", real])).EnsureSuccess();
        string[] needed = NeededPattern().Matches(readelf.StandardOutput).Select(match => match.Groups[1].Value).ToArray();
        string interpreter = InterpreterPattern().Match(readelf.StandardOutput).Groups[1].Value;

        ElfFile elf = ElfFile.TryRead(real)!;

        Assert.True(elf.Is64Bit);
        Assert.Equal("amd64", ElfMachines.Architecture(elf));
        Assert.Equal(interpreter, elf.Interpreter);
        Assert.NotEmpty(needed);
        Assert.Equal(needed, elf.Needed);
    }

    [Fact]
    public async Task A_static_executable_has_no_interpreter()
    {
        using var folder = new TestFolder("elf-static");

        ElfFile elf = ElfFile.TryRead(await TestBinaries.StaticAsync(folder.Root))!;

        Assert.True(elf.IsStatic);
        Assert.Empty(elf.Needed);
        Assert.Equal("amd64", ElfMachines.Architecture(elf));
    }

    [Fact]
    public void The_machine_field_names_the_architecture()
    {
        using var folder = new TestFolder("elf-arm64");

        ElfFile elf = ElfFile.TryRead(TestBinaries.AArch64(folder.Root))!;

        Assert.Equal("arm64", ElfMachines.Architecture(elf));
        Assert.Equal("AArch64", ElfMachines.Describe(elf));
    }

    [Fact]
    public void Files_that_are_not_ELF_give_null()
    {
        using var folder = new TestFolder("elf-none");

        Assert.Null(ElfFile.TryRead(folder.WriteFile("script.sh", "#!/bin/sh\necho hi\n", executable: true)));
        Assert.Null(ElfFile.TryRead(folder.WriteFile("short", "\u007fEL")));
        Assert.Null(ElfFile.TryRead(folder.WriteFile("empty", "")));
    }

    [GeneratedRegex(@"\(NEEDED\)\s+Shared library: \[([^\]]+)\]")]
    private static partial Regex NeededPattern();

    [GeneratedRegex(@"\[Requesting program interpreter: ([^\]]+)\]")]
    private static partial Regex InterpreterPattern();
}
