namespace Containerize.Oci.Layers;

/// <summary>Where one of our layers came from in this build.</summary>
public enum LayerReuse
{
    /// <summary>Written now: its tar was made and compressed.</summary>
    Built,

    /// <summary>Taken from the layer cache: nothing was tarred or compressed.</summary>
    Cached,
}
