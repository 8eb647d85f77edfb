using Containerize.Oci.Logging;
using Containerize.Oci.Registry.Credentials;
using Containerize.Oci.Registry.Steps;
using Containerize.Oci.Registry.Transport;

namespace Containerize.Oci.Registry;

/// <summary>One registry's connection and the steps that use it; sources and destinations are built on it.</summary>
internal sealed class RegistryClient : IDisposable
{
    public RegistryClient(string registry, RegistryOptions options, RegistryAccess access, IBuildLog log)
        : this(new RegistryEndpointCaller(registry, options, access, log), log)
    {
    }

    public RegistryClient(RegistryEndpointCaller caller, IBuildLog log)
    {
        Caller = caller;
        BlobChecker = new BlobChecker(Caller);
        BlobMounter = new BlobMounter(Caller);
        BlobUploader = new BlobUploader(Caller, log);
        BlobPuller = new BlobPuller(Caller, log);
        ManifestChecker = new ManifestChecker(Caller);
        ManifestPusher = new ManifestPusher(Caller);
        ManifestPuller = new ManifestPuller(Caller);
        ReferrersTagUpdater = new ReferrersTagUpdater(Caller, ManifestPuller, ManifestPusher);
    }

    public RegistryEndpointCaller Caller { get; }

    public string Registry => Caller.Registry;

    public BlobChecker BlobChecker { get; }

    public BlobMounter BlobMounter { get; }

    public BlobUploader BlobUploader { get; }

    public BlobPuller BlobPuller { get; }

    public ManifestChecker ManifestChecker { get; }

    public ManifestPusher ManifestPusher { get; }

    public ManifestPuller ManifestPuller { get; }

    public ReferrersTagUpdater ReferrersTagUpdater { get; }

    public void Dispose() => Caller.Dispose();
}
