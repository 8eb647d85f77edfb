using System.Text;
using Containerize.Oci.Layers;

namespace Containerize.Oci.Tests.Layers;

public sealed class TarHeaderEncoderTests
{
    private static readonly TarHeaderFields s_file = new("app/App.dll", TarHeaderEncoder.RegularFile, (UnixFileMode)0b110_100_100, 0, 0, 5, 946684800, null);

    [Fact]
    public void A_plain_entry_is_one_ustar_block_with_a_valid_checksum()
    {
        byte[] block = TarHeaderEncoder.Encode(s_file);

        Assert.Equal(512, block.Length);
        Assert.Equal("app/App.dll", Field(block, 0, 100));
        Assert.Equal("0000644", Field(block, 100, 8));
        Assert.Equal("00000000005", Field(block, 124, 12));
        Assert.Equal("07033241600", Field(block, 136, 12));
        Assert.Equal("ustar", Field(block, 257, 6));
        Assert.Equal("00", Encoding.ASCII.GetString(block, 263, 2));
        Assert.Equal(string.Empty, Field(block, 265, 32));
        Assert.Equal(string.Empty, Field(block, 297, 32));
        int expected = block.Select((value, index) => index is >= 148 and < 156 ? (int)' ' : value).Sum();
        Assert.Equal(Convert.ToString(expected, 8).PadLeft(6, '0'), Field(block, 148, 6));
    }

    [Fact]
    public void Sizes_from_8_GiB_go_to_a_pax_record()
    {
        byte[] blocks = TarHeaderEncoder.Encode(s_file with { Size = 10L << 30 });

        Assert.Equal(512 * 3, blocks.Length);
        Assert.Equal((byte)'x', blocks[156]);
        Assert.Equal("PaxHeaders/App.dll", Field(blocks, 0, 100));
        Assert.Equal("20 size=10737418240\n", Field(blocks, 512, 512));
        Assert.Equal("00000000000", Field(blocks, 1024 + 124, 12));
    }

    [Fact]
    public void Times_before_1970_go_to_a_pax_record()
    {
        byte[] blocks = TarHeaderEncoder.Encode(s_file with { ModificationTime = -86400 });

        Assert.Equal("16 mtime=-86400\n", Field(blocks, 512, 512));
    }

    [Fact]
    public void Pax_record_lengths_count_their_own_digits()
    {
        // The length prefix counts itself: here 3 digits, so the record is 3 + 1 + "path=".Length + 202 + 1 bytes.
        string path = "a/" + new string('b', 200);
        byte[] blocks = TarHeaderEncoder.Encode(s_file with { Name = path });

        string record = Field(blocks, 512, 512);
        Assert.Equal($"212 path={path}\n", record);
        Assert.Equal(212, record.Length);
    }

    private static string Field(byte[] block, int offset, int length) =>
        Encoding.UTF8.GetString(block, offset, length).TrimEnd('\0');
}
