namespace Containerize.Oci.Inspection;

/// <summary>ELF <c>e_machine</c> values and what they mean for an image: the OCI architecture and the Debian multiarch folder.</summary>
public static class ElfMachines
{
    /// <summary>The OCI architecture an ELF machine runs as (<c>amd64</c>, <c>arm64</c>, …), or null when we do not know it.</summary>
    public static string? Architecture(ElfFile elf) => (elf.Machine, elf.Is64Bit) switch
    {
        (62, true) => "amd64",
        (183, true) => "arm64",
        (40, false) => "arm",
        (3, false) => "386",
        (22, true) => "s390x",
        (21, true) => "ppc64le",
        (243, true) => "riscv64",
        (258, true) => "loong64",
        _ => null,
    };

    /// <summary>A readable name for messages: <c>x86-64</c>, <c>AArch64</c>, …</summary>
    public static string Describe(ElfFile elf) => elf.Machine switch
    {
        62 => "x86-64",
        183 => "AArch64",
        40 => "ARM (32-bit)",
        3 => "x86 (32-bit)",
        22 => "s390x",
        21 => "PowerPC 64",
        243 => "RISC-V",
        258 => "LoongArch",
        _ => $"ELF machine {elf.Machine}",
    };

    /// <summary>The Debian/Ubuntu multiarch triplet of an OCI architecture, the folder glibc bases keep libraries in.</summary>
    public static string? MultiarchTriplet(string architecture) => architecture switch
    {
        "amd64" => "x86_64-linux-gnu",
        "arm64" => "aarch64-linux-gnu",
        "arm" => "arm-linux-gnueabihf",
        "386" => "i386-linux-gnu",
        "s390x" => "s390x-linux-gnu",
        "ppc64le" => "powerpc64le-linux-gnu",
        "riscv64" => "riscv64-linux-gnu",
        "loong64" => "loongarch64-linux-gnu",
        _ => null,
    };
}
