using Containerize.Oci.Logging;
using Containerize.Oci.References;
using Containerize.Oci.Registry;
using Containerize.Oci.Sources;
using Containerize.Oci.Storage;

namespace Containerize.Tasks.Mapping;

/// <summary>
/// Makes the registry sources of one build (the factory <see cref="Oci.Building.LayeredImageBuilder"/> calls for a
/// registry base) over one blob cache, and disposes them all at the end, after the destinations are written.
/// </summary>
internal sealed class RegistrySources : IDisposable
{
    private readonly RegistryOptions _options;
    private readonly string _cacheDirectory;
    private readonly IBuildLog _log;
    private readonly List<RegistryImageSource> _sources = [];

    public RegistrySources(RegistryOptions options, string cacheDirectory, IBuildLog log)
    {
        _options = options;
        _cacheDirectory = cacheDirectory;
        _log = log;
    }

    /// <summary>The cache keeps blobs as an OCI layout's <c>blobs/</c> does: <c>CACHE/blobs/sha256/HEX</c>, verified before they appear.</summary>
    public IImageSource Create(ImageReference reference)
    {
        var source = new RegistryImageSource(reference, _options, new LocalBlobStore(Path.Combine(_cacheDirectory, "blobs")), _log);
        _sources.Add(source);
        return source;
    }

    public void Dispose()
    {
        foreach (RegistryImageSource source in _sources)
        {
            source.Dispose();
        }

        _sources.Clear();
    }
}
