using Containerize.Oci.Building;
using Containerize.Oci.Model;

namespace Containerize.Oci.Sources;

/// <summary>The empty base: no layers, a config with only the platform and an empty rootfs. Images on it are OCI.</summary>
public sealed class ScratchImageSource : IImageSource
{
    public const string Name = "scratch";

    public Task<SourceImage> ResolveAsync(Platform platform, CancellationToken cancellationToken)
    {
        var config = new ImageConfig
        {
            Architecture = platform.Architecture,
            Os = platform.Os,
            Variant = platform.Variant,
            RootFileSystem = new RootFileSystem { DiffIds = [] },
        };
        return Task.FromResult(new SourceImage
        {
            Name = Name,
            ConfigBytes = OciJson.Serialize(config),
            Layers = [],
            Blobs = NoBlobs.Instance,
        });
    }

    private sealed class NoBlobs : IBlobSource
    {
        public static readonly NoBlobs Instance = new();

        public Task<Stream> OpenBlobAsync(Descriptor descriptor, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"The scratch image has no blob {descriptor.Digest}.");
    }
}
