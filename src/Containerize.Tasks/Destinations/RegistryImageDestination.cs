using System.Text;
using Containerize.Oci.Building;
using Containerize.Oci.Destinations;
using Containerize.Oci.Errors;
using Containerize.Oci.Logging;
using Containerize.Oci.Registry;

namespace Containerize.Tasks.Destinations;

/// <summary>
/// A registry repository (ContainerRegistry + ContainerRepository). The library pushes blobs, then the manifest, then
/// the tags; afterwards the digest reference is written to <c>&lt;repository&gt;.digest</c> for CI steps that deploy by digest.
/// </summary>
internal sealed class RegistryImageDestination : IImageDestination, IDisposable
{
    private readonly RegistryDestination _destination;
    private readonly string _digestFilePath;

    public RegistryImageDestination(
        string registry, string repository, RegistryOptions options, IBuildLog log, string outputDirectory, string? mountFromRepository, BlobLocations? blobLocations,
        UploadSessions? uploadSessions = null)
    {
        _destination = new RegistryDestination(registry, repository, options, log) { MountSourceRepository = mountFromRepository, BlobLocations = blobLocations, UploadSessions = uploadSessions };
        _digestFilePath = Path.Combine(outputDirectory, DestinationSelector.OutputFileName(repository, ".digest"));
    }

    public string DigestFilePath => _digestFilePath;

    public async Task<DestinationResult> WriteAsync(BuiltImage image, IReadOnlyList<string> imageNames, CancellationToken cancellationToken)
    {
        string[] tags = imageNames.Select(name => name[(name.LastIndexOf(':') + 1)..]).ToArray();
        RegistryPushResult result = await _destination.PushAsync(image, tags, cancellationToken).ConfigureAwait(false);
        await WriteDigestFileAsync(result.DigestReference, cancellationToken).ConfigureAwait(false);
        string pushed = $"{result.Registry}/{result.Repository}";
        return new DestinationResult(
            $"Pushed {result.DigestReference}",
            null,
            [
                $"tags: {string.Join(", ", tags.Select(tag => $"{pushed}:{tag}"))}",
                $"digest file: {_digestFilePath}",
                $"docker pull {result.DigestReference}",
            ])
        {
            Push = result,
            DigestFilePath = _digestFilePath,
        };
    }

    /// <summary>Temp-then-rename, so a deploy step never reads a half-written or stale reference.</summary>
    private async Task WriteDigestFileAsync(string digestReference, CancellationToken cancellationToken)
    {
        string temporaryPath = $"{_digestFilePath}.tmp-{Guid.NewGuid():N}";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_digestFilePath)!);
            await File.WriteAllTextAsync(temporaryPath, digestReference + "\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken).ConfigureAwait(false);
            File.Move(temporaryPath, _digestFilePath, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(temporaryPath))
            {
                File.Delete(temporaryPath);
            }

            throw new ContainerizeException(ErrorCodes.OutputWriteFailed,
                $"The image was pushed as {digestReference}, but the digest file '{_digestFilePath}' could not be written: {exception.Message}",
                "Check that ContainerizeOutputDirectory is writable; the push itself succeeded.", exception);
        }
    }

    public void Dispose() => _destination.Dispose();
}
