namespace Containerize.Oci.Registry;

/// <summary>What happened to one blob during a push.</summary>
public enum BlobPushAction
{
    /// <summary>The repository had it already (HEAD answered 200): nothing sent.</summary>
    Existed,

    /// <summary>Mounted from another repository of the same registry (201): nothing sent.</summary>
    Mounted,

    /// <summary>Uploaded (monolithic or chunked).</summary>
    Uploaded,
}
