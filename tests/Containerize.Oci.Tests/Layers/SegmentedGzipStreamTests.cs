using System.IO.Compression;
using Containerize.Oci.Layers;
using Containerize.TestSupport;

namespace Containerize.Oci.Tests.Layers;

/// <summary>Parallel compression that comes out the same however many segments compress at once and however the input is written.</summary>
public sealed class SegmentedGzipStreamTests : IDisposable
{
    private readonly TestFolder _folder = new("segmented-gzip");

    public void Dispose() => _folder.Dispose();

    /// <summary>Half compressible text, half noise, a little over three segments, so every code path runs.</summary>
    private static byte[] Input()
    {
        byte[] input = new byte[(3 * SegmentedGzipStream.SegmentSize) + 12345];
        new Random(7).NextBytes(input.AsSpan(input.Length / 2));
        for (int index = 0; index < input.Length / 2; index++)
        {
            input[index] = (byte)"the same words again and again "[index % 31];
        }

        return input;
    }

    [Fact]
    public async Task The_bytes_do_not_depend_on_the_number_of_segments_in_flight_or_on_the_write_sizes()
    {
        byte[] input = Input();

        byte[] sequential = await CompressAsync(input, maxInFlight: 1, writeSizes: [input.Length]);
        byte[] parallel = await CompressAsync(input, maxInFlight: 8, writeSizes: [1, 511, 65536, 81920, 1 << 20, 3]);
        byte[] odd = await CompressAsync(input, maxInFlight: 3, writeSizes: [4096, 1000]);

        Assert.Equal(sequential, parallel);
        Assert.Equal(sequential, odd);
    }

    [Fact]
    public async Task The_stream_is_one_gzip_member_that_gzip_and_dotnet_decompress_to_the_input()
    {
        byte[] input = Input();
        byte[] compressed = await CompressAsync(input, maxInFlight: 4, writeSizes: [70000]);
        string path = _folder.PathOf("data.gz");
        await File.WriteAllBytesAsync(path, compressed);

        (await ProcessRunner.RunAsync("gzip", ["-t", path])).EnsureSuccess();
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress))
        {
            await gzip.CopyToAsync(output);
        }

        Assert.Equal(input, output.ToArray());
        Assert.True(compressed.Length < input.Length * 0.6, "the compressible half is compressed");
    }

    [Fact]
    public async Task Empty_input_is_a_valid_empty_gzip()
    {
        byte[] compressed = await CompressAsync([], maxInFlight: 2, writeSizes: [1]);

        using var output = new MemoryStream();
        using (var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress))
        {
            await gzip.CopyToAsync(output);
        }

        Assert.Empty(output.ToArray());
    }

    private static async Task<byte[]> CompressAsync(byte[] input, int maxInFlight, int[] writeSizes)
    {
        using var output = new MemoryStream();
        using (var gzip = new SegmentedGzipStream(output, LayerBlobWriter.Level, maxInFlight))
        {
            int offset = 0;
            for (int write = 0; offset < input.Length; write++)
            {
                int length = Math.Min(writeSizes[write % writeSizes.Length], input.Length - offset);
                await gzip.WriteAsync(input.AsMemory(offset, length));
                offset += length;
            }

            await gzip.FinishAsync(default);
        }

        return output.ToArray();
    }
}
