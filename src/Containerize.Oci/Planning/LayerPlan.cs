using Containerize.Oci.Layers;

namespace Containerize.Oci.Planning;

/// <summary>The layers of the app, bottom to top, empty ones left out.</summary>
public sealed record LayerPlan(IReadOnlyList<PlannedLayer> Layers);

/// <summary>A user's rule: published files whose path (relative to the app directory) matches <see cref="Glob"/> go into the layer <see cref="LayerName"/>.</summary>
public sealed record LayerRule(string LayerName, string Glob);

/// <summary>A user's folder of extra files, added as its own layer at <see cref="ContainerDirectory"/>.</summary>
public sealed record ExtraLayerSource
{
    public required string LayerName { get; init; }

    /// <summary>The folder on disk whose whole tree is added (hidden files included).</summary>
    public required string SourceDirectory { get; init; }

    /// <summary>The absolute container path the folder's contents land under.</summary>
    public required string ContainerDirectory { get; init; }

    public int UserId { get; init; }

    public int GroupId { get; init; }

    /// <summary>Mode for files; when null, 0755 for files that are executable on disk and 0644 for the others.</summary>
    public UnixFileMode? FileMode { get; init; }

    /// <summary>Mode for directories; 0755 when null.</summary>
    public UnixFileMode? DirectoryMode { get; init; }
}

/// <summary>All the planner needs: the publish output, where the app goes, and the user's rules and extra layers.</summary>
public sealed record LayerPlanRequest
{
    public required IReadOnlyList<PublishedFile> PublishedFiles { get; init; }

    /// <summary>The NuGet ids of the runtime packs the app was published with (<c>@(ResolvedRuntimePack->'%(NuGetPackageId)')</c>).</summary>
    public IReadOnlySet<string> RuntimePackIds { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The absolute container directory of the app (ContainerWorkingDirectory, default <c>/app</c>).</summary>
    public string AppDirectory { get; init; } = ContainerPaths.DefaultAppDirectory;

    public IReadOnlyList<LayerRule> Rules { get; init; } = [];

    public IReadOnlyList<ExtraLayerSource> ExtraLayers { get; init; } = [];
}
