using System.Buffers;
using System.Security.Cryptography;
using Containerize.Oci.Digests;

namespace Containerize.Oci.Storage;

/// <summary>File chores of the stores: hashing a file fast, marking it used, listing what a folder holds.</summary>
internal static class StoreFiles
{
    private const int BufferSize = 1 << 20;

    public static async Task<Digest> Sha256Async(string path, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
            await using (file.ConfigureAwait(false))
            {
                int read;
                while ((read = await file.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                }
            }

            return Digest.FromSha256Hash(hash.GetHashAndReset());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Sets the modification time to now: the cache's record of last use. A file that vanished meanwhile is fine.</summary>
    public static void Touch(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Another build evicted or replaced it; the next use writes it again.
        }
    }

    /// <summary>Every file under <paramref name="directory"/>, or none when it does not exist.</summary>
    public static IEnumerable<FileInfo> Files(string directory) =>
        Directory.Exists(directory)
            ? new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories)
            : [];

    /// <summary>Deletes a file, ignoring one that is gone or locked (another build still reading it on Windows).</summary>
    public static bool TryDelete(FileInfo file)
    {
        try
        {
            file.Delete();
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
