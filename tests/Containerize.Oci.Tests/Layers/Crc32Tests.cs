using System.Text;
using Containerize.Oci.Layers;

namespace Containerize.Oci.Tests.Layers;

public sealed class Crc32Tests
{
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xE8B7BE43u)]
    [InlineData("123456789", 0xCBF43926u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void Known_values(string text, uint expected)
    {
        var crc = new Crc32();
        crc.Append(Encoding.ASCII.GetBytes(text));

        Assert.Equal(expected, crc.Value);
    }

    [Fact]
    public void Slicing_gives_the_bitwise_result_for_any_split()
    {
        byte[] data = new byte[1031];
        new Random(7).NextBytes(data);
        var whole = new Crc32();
        whole.Append(data);
        var pieces = new Crc32();
        pieces.Append(data.AsSpan(0, 3));
        pieces.Append(data.AsSpan(3, 500));
        pieces.Append(data.AsSpan(503));

        Assert.Equal(Bitwise(data), whole.Value);
        Assert.Equal(whole.Value, pieces.Value);
    }

    private static uint Bitwise(byte[] data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte value in data)
        {
            crc ^= value;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
