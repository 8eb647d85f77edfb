using Containerize.Oci.References;

namespace Containerize.Oci.Destinations;

/// <summary>
/// Sends one image to several destinations, in the order given, and returns every result. The first failure stops the
/// rest: a later destination never gets an image an earlier one refused. Disposing it disposes every destination.
/// </summary>
public sealed class MultiDestination : IImageDestination, IDisposable
{
    private readonly IReadOnlyList<IImageDestination> _destinations;

    public MultiDestination(IReadOnlyList<IImageDestination> destinations)
    {
        _destinations = destinations;
    }

    /// <summary>The destinations, in the order they are written.</summary>
    public IReadOnlyList<IImageDestination> Destinations => _destinations;

    public async Task<IReadOnlyList<DestinationResult>> SendAsync(PublishableImage image, IReadOnlyList<ImageName> names, CancellationToken cancellationToken)
    {
        var results = new List<DestinationResult>();
        foreach (IImageDestination destination in _destinations)
        {
            results.AddRange(await destination.SendAsync(image, names, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    public void Dispose()
    {
        foreach (IDisposable destination in _destinations.OfType<IDisposable>())
        {
            destination.Dispose();
        }
    }
}
