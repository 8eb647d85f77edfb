namespace Containerize.Oci.Model;

/// <summary>The <c>{}</c> value of the map-as-set fields (<c>ExposedPorts</c>, <c>Volumes</c>).</summary>
public sealed record EmptyObject
{
    public static readonly EmptyObject Instance = new();
}
