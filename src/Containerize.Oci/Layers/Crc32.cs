namespace Containerize.Oci.Layers;

/// <summary>
/// The CRC-32 of gzip (IEEE 802.3, reflected polynomial 0xEDB88320), slicing by 8 bytes. Written here rather than
/// taken from the System.IO.Hashing package so the library has no dependencies; it runs far faster than deflate.
/// </summary>
internal sealed class Crc32
{
    private static readonly uint[] s_table = CreateTable();

    private uint _crc = 0xFFFFFFFFu;

    /// <summary>The CRC of everything appended so far.</summary>
    public uint Value => ~_crc;

    public void Append(ReadOnlySpan<byte> data)
    {
        uint[] table = s_table;
        uint crc = _crc;
        while (data.Length >= 8)
        {
            uint low = crc ^ (uint)(data[0] | data[1] << 8 | data[2] << 16 | data[3] << 24);
            uint high = (uint)(data[4] | data[5] << 8 | data[6] << 16 | data[7] << 24);
            crc = table[(7 * 256) + (low & 0xFF)] ^ table[(6 * 256) + ((low >> 8) & 0xFF)]
                ^ table[(5 * 256) + ((low >> 16) & 0xFF)] ^ table[(4 * 256) + (low >> 24)]
                ^ table[(3 * 256) + (high & 0xFF)] ^ table[(2 * 256) + ((high >> 8) & 0xFF)]
                ^ table[256 + ((high >> 16) & 0xFF)] ^ table[high >> 24];
            data = data[8..];
        }

        foreach (byte value in data)
        {
            crc = table[(crc ^ value) & 0xFF] ^ (crc >> 8);
        }

        _crc = crc;
    }

    private static uint[] CreateTable()
    {
        var table = new uint[8 * 256];
        for (uint index = 0; index < 256; index++)
        {
            uint crc = index;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }

            table[index] = crc;
        }

        // Table k gives the CRC of a byte followed by k zero bytes, so eight bytes are folded in one step.
        for (int slice = 1; slice < 8; slice++)
        {
            for (int index = 0; index < 256; index++)
            {
                uint previous = table[((slice - 1) * 256) + index];
                table[(slice * 256) + index] = table[previous & 0xFF] ^ (previous >> 8);
            }
        }

        return table;
    }
}
