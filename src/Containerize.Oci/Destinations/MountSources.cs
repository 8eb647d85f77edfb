using Containerize.Oci.Building;
using Containerize.Oci.Digests;
using Containerize.Oci.Errors;
using Containerize.Oci.References;
using Containerize.Oci.Registry;

namespace Containerize.Oci.Destinations;

/// <summary>A repository to mount one blob from, and why we think the blob is there (for the log).</summary>
internal sealed record MountSource(string Repository, string Reason, bool IsRecorded);

/// <summary>
/// For one image pushed to one repository: which repository of the same registry each blob is mounted from, and,
/// once the push is done, the record of where its blobs now are. The choice, in order: the repository asked for (for
/// layers, as it always was), the base image's repository for base layers when the base is on this registry, then the
/// repository that most recently had the blob according to <see cref="BlobLocations"/>. No candidate means no mount
/// request at all: a mount from a repository without the blob only costs a round trip that answers 202.
/// </summary>
internal sealed class MountSources
{
    private readonly string _registry;
    private readonly string _repository;
    private readonly string? _requested;
    private readonly BlobLocations? _locations;
    private readonly ImageReference? _base;
    private readonly HashSet<Digest> _baseLayers;
    private readonly HashSet<Digest> _layers;

    public MountSources(BuiltImage image, string registry, string repository, string? requested, BlobLocations? locations)
    {
        _registry = registry;
        _repository = repository;
        _requested = requested;
        _locations = locations;
        _base = RegistryBase(image.Base);
        _baseLayers = image.BaseLayers.Select(layer => layer.Descriptor.Digest).ToHashSet();
        _layers = image.AllLayers.Select(layer => layer.Descriptor.Digest).ToHashSet();
    }

    public MountSource? Find(Digest digest)
    {
        if (_requested is not null && _requested != _repository && _layers.Contains(digest))
        {
            return new MountSource(_requested, "the repository asked to mount from", IsRecorded: false);
        }

        if (_base is not null && IsThisRegistry(_base.Registry) && _base.Repository != _repository && _baseLayers.Contains(digest))
        {
            return new MountSource(_base.Repository, "the base image's repository", IsRecorded: false);
        }

        string? recorded = _locations?.Find(_registry, digest).FirstOrDefault(name => name != _repository);
        return recorded is null ? null : new MountSource(recorded, "where an earlier push recorded it", IsRecorded: true);
    }

    /// <summary>A recorded repository that did not mount the blob is dropped from the record, so the next push does not ask it again.</summary>
    public void Forget(MountSource source, Digest digest)
    {
        if (source.IsRecorded)
        {
            _locations?.Forget(_registry, source.Repository, digest);
        }
    }

    /// <summary>
    /// Called once the manifest is in (a registry may collect blobs no manifest names): every blob of the image is now
    /// in the target repository, and a base pulled from a registry showed where its layers are.
    /// </summary>
    public void RecordPushed(BuiltImage image)
    {
        if (_locations is null)
        {
            return;
        }

        // The base first, so the target, which surely has the blobs now, is the newest line.
        if (_base is not null)
        {
            _locations.Record(_base.Registry, _base.Repository, _baseLayers);
        }

        _locations.Record(_registry, _repository, image.AllLayers.Select(layer => layer.Descriptor.Digest).Append(image.Config.Digest));
    }

    private bool IsThisRegistry(string registry) => string.Equals(registry, _registry, StringComparison.OrdinalIgnoreCase);

    /// <summary>The base's registry reference, or null for scratch and local bases.</summary>
    private static ImageReference? RegistryBase(BaseImageInfo baseImage)
    {
        try
        {
            return BaseImageReference.Parse(baseImage.Name).Registry;
        }
        catch (ContainerizeException)
        {
            return null;
        }
    }
}
