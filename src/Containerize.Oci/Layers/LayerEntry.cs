namespace Containerize.Oci.Layers;

/// <summary>What a tar entry is.</summary>
public enum LayerEntryType
{
    File,
    Directory,
    Symlink,
}

/// <summary>
/// One entry of a layer: where it lands in the container's file system and the bytes, owner and mode it gets there.
/// Parent directories that are not listed are written by the layer writer (root-owned, 0755).
/// </summary>
public sealed record LayerEntry
{
    /// <summary>The absolute path in the container, for example <c>/app/App.dll</c>.</summary>
    public required string ContainerPath { get; init; }

    public LayerEntryType Type { get; init; } = LayerEntryType.File;

    /// <summary>For files: where the bytes are read from.</summary>
    public string? SourcePath { get; init; }

    /// <summary>For symlinks: the link's target.</summary>
    public string? LinkTarget { get; init; }

    /// <summary>Permission bits (and setuid, setgid, sticky), for example 0644 or 0755.</summary>
    public required UnixFileMode Mode { get; init; }

    public int UserId { get; init; }

    public int GroupId { get; init; }
}
