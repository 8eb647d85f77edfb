using Containerize.Oci.Logging;

namespace Containerize.Oci.Building;

/// <summary>Builds one single-platform layered image: resolve the base, plan and write our layers, make config and manifest.</summary>
public sealed class LayeredImageBuilder
{
    private readonly IBuildLog _log;

    public LayeredImageBuilder(IBuildLog log)
    {
        _log = log;
    }

    public Task<BuiltImage> BuildAsync(ImageBuildRequest request, CancellationToken cancellationToken) =>
        throw new NotImplementedException(_log.ToString());
}
