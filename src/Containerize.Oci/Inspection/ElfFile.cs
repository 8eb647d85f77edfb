using System.Buffers.Binary;
using System.Text;

namespace Containerize.Oci.Inspection;

/// <summary>
/// What the run check needs from an ELF executable: its class and machine, the program interpreter it asks the kernel
/// for (<c>PT_INTERP</c>, absent in a static binary), and the libraries and search paths of its dynamic section
/// (<c>DT_NEEDED</c>, <c>DT_RUNPATH</c>/<c>DT_RPATH</c>). Only program headers are read: section headers may be stripped.
/// </summary>
public sealed record ElfFile
{
    private const uint ProgramInterpreter = 3; // PT_INTERP
    private const uint ProgramLoad = 1; // PT_LOAD
    private const uint ProgramDynamic = 2; // PT_DYNAMIC
    private const long DynamicNeeded = 1; // DT_NEEDED
    private const long DynamicStringTable = 5; // DT_STRTAB
    private const long DynamicRunPathOld = 15; // DT_RPATH
    private const long DynamicRunPath = 29; // DT_RUNPATH
    private const int MaxProgramHeaders = 4096;

    public required bool Is64Bit { get; init; }

    /// <summary>The <c>e_machine</c> value (62 x86-64, 183 AArch64, …); <see cref="ElfMachines"/> names it.</summary>
    public required ushort Machine { get; init; }

    /// <summary>The loader path, for example <c>/lib64/ld-linux-x86-64.so.2</c>; null for a static binary.</summary>
    public string? Interpreter { get; init; }

    /// <summary>The <c>DT_NEEDED</c> libraries in order, for example <c>libstdc++.so.6</c>.</summary>
    public IReadOnlyList<string> Needed { get; init; } = [];

    /// <summary>The directories of <c>DT_RUNPATH</c> (or <c>DT_RPATH</c>), <c>$ORIGIN</c> not yet expanded.</summary>
    public IReadOnlyList<string> RunPaths { get; init; } = [];

    public bool IsStatic => Interpreter is null;

    /// <summary>Reads <paramref name="path"/>; null when it is not an ELF file (a script, a DLL).</summary>
    public static ElfFile? TryRead(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return TryRead(stream);
    }

    /// <summary>Reads a seekable stream; null when it is not an ELF file or is malformed.</summary>
    public static ElfFile? TryRead(Stream stream)
    {
        byte[] ident = ReadAt(stream, 0, 64);
        if (ident.Length < 52 || ident[0] != 0x7f || ident[1] != (byte)'E' || ident[2] != (byte)'L' || ident[3] != (byte)'F')
        {
            return null;
        }

        bool is64 = ident[4] == 2;
        bool little = ident[5] == 1;
        if ((ident[4] != 1 && !is64) || (ident[5] != 1 && ident[5] != 2) || (is64 && ident.Length < 64))
        {
            return null;
        }

        var reader = new FieldReader(little, is64);
        ushort machine = reader.U16(ident, 18);
        long programOffset = is64 ? (long)reader.U64(ident, 32) : reader.U32(ident, 28);
        int entrySize = reader.U16(ident, is64 ? 54 : 42);
        int count = reader.U16(ident, is64 ? 56 : 44);
        if (count == 0 || count > MaxProgramHeaders || entrySize < (is64 ? 56 : 32))
        {
            return new ElfFile { Is64Bit = is64, Machine = machine };
        }

        byte[] table = ReadAt(stream, programOffset, entrySize * count);
        if (table.Length < entrySize * count)
        {
            return null;
        }

        var segments = new List<Segment>();
        string? interpreter = null;
        Segment? dynamic = null;
        for (int index = 0; index < count; index++)
        {
            Segment segment = reader.Segment(table, index * entrySize);
            if (segment.Type == ProgramInterpreter)
            {
                interpreter = ReadString(ReadAt(stream, segment.Offset, (int)Math.Min(segment.FileSize, 4096)), 0);
            }
            else if (segment.Type == ProgramLoad)
            {
                segments.Add(segment);
            }
            else if (segment.Type == ProgramDynamic)
            {
                dynamic = segment;
            }
        }

        var elf = new ElfFile { Is64Bit = is64, Machine = machine, Interpreter = string.IsNullOrEmpty(interpreter) ? null : interpreter };
        return dynamic is null ? elf : ReadDynamic(stream, reader, elf, dynamic, segments);
    }

    private static ElfFile ReadDynamic(Stream stream, FieldReader reader, ElfFile elf, Segment dynamic, List<Segment> loads)
    {
        byte[] section = ReadAt(stream, dynamic.Offset, (int)Math.Min(dynamic.FileSize, 1 << 20));
        int size = reader.Is64 ? 16 : 8;
        var needed = new List<long>();
        var runPaths = new List<long>();
        long stringTable = -1;
        for (int offset = 0; offset + size <= section.Length; offset += size)
        {
            long tag = reader.Is64 ? (long)reader.U64(section, offset) : reader.U32(section, offset);
            long value = reader.Is64 ? (long)reader.U64(section, offset + 8) : reader.U32(section, offset + 4);
            if (tag == 0)
            {
                break;
            }

            switch (tag)
            {
                case DynamicNeeded: needed.Add(value); break;
                case DynamicStringTable: stringTable = value; break;
                case DynamicRunPath or DynamicRunPathOld: runPaths.Add(value); break;
            }
        }

        // DT_STRTAB is a virtual address: the PT_LOAD segment that maps it gives its place in the file.
        Segment? mapping = loads.FirstOrDefault(load => stringTable >= load.VirtualAddress && stringTable < load.VirtualAddress + load.FileSize);
        if (stringTable < 0 || mapping is null)
        {
            return elf;
        }

        long fileOffset = mapping.Offset + (stringTable - mapping.VirtualAddress);
        byte[] strings = ReadAt(stream, fileOffset, (int)Math.Min(mapping.FileSize - (stringTable - mapping.VirtualAddress), 1 << 20));
        string? At(long index) => index >= 0 && index < strings.Length ? ReadString(strings, (int)index) : null;
        return elf with
        {
            Needed = needed.Select(At).OfType<string>().ToArray(),
            RunPaths = runPaths.Select(At).OfType<string>().SelectMany(value => value.Split(':', StringSplitOptions.RemoveEmptyEntries)).ToArray(),
        };
    }

    private static byte[] ReadAt(Stream stream, long offset, int length)
    {
        if (offset < 0 || length <= 0 || offset >= stream.Length)
        {
            return [];
        }

        stream.Position = offset;
        byte[] buffer = new byte[(int)Math.Min(length, stream.Length - offset)];
        stream.ReadExactly(buffer);
        return buffer;
    }

    private static string ReadString(byte[] bytes, int start)
    {
        int end = Array.IndexOf(bytes, (byte)0, start);
        return Encoding.UTF8.GetString(bytes, start, (end < 0 ? bytes.Length : end) - start);
    }

    private sealed record Segment(uint Type, long Offset, long VirtualAddress, long FileSize);

    private readonly record struct FieldReader(bool Little, bool Is64)
    {
        public ushort U16(byte[] bytes, int offset) => Little ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset)) : BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(offset));

        public uint U32(byte[] bytes, int offset) => Little ? BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset)) : BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset));

        public ulong U64(byte[] bytes, int offset) => Little ? BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(offset)) : BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(offset));

        /// <summary>One program header: the 64-bit layout puts p_flags second, the 32-bit one last.</summary>
        public Segment Segment(byte[] table, int at) => Is64
            ? new Segment(U32(table, at), (long)U64(table, at + 8), (long)U64(table, at + 16), (long)U64(table, at + 32))
            : new Segment(U32(table, at), U32(table, at + 4), U32(table, at + 8), U32(table, at + 16));
    }
}
