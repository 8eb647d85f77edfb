using Containerize.Oci.Planning;

namespace Containerize.Oci.Building;

/// <summary>Everything needed to build one single-platform layered image.</summary>
public sealed record ImageBuildRequest
{
    /// <summary>The base as the user wrote it: <c>scratch</c>, <c>oci:DIR[:TAG]</c>, <c>oci-archive:FILE[:TAG]</c>, or a registry reference.</summary>
    public required string BaseImage { get; init; }

    /// <summary>The .NET runtime identifier the app was published for (linux-x64, linux-arm64, linux-musl-x64, …): it picks the platform.</summary>
    public required string RuntimeIdentifier { get; init; }

    public required LayerPlanRequest Layers { get; init; }

    public required ImageSettings Settings { get; init; }

    public ImageFormat Format { get; init; } = ImageFormat.FollowBase;

    /// <summary>The one timestamp used for file mtimes, config <c>created</c> and history (SOURCE_DATE_EPOCH, else a constant).</summary>
    public DateTimeOffset Timestamp { get; init; } = ReproducibleDefaults.Timestamp;

    /// <summary>A folder for intermediate files (unpacked base archives).</summary>
    public required string WorkDirectory { get; init; }

    /// <summary>Check that the image can start (entry executable, loader, libraries, dotnet) before it is written or pushed.</summary>
    public bool RunCheck { get; init; } = true;

    /// <summary>The layer cache, shared by every build on the machine; <c>WORK/cache</c> when not given.</summary>
    public string? CacheDirectory { get; init; }
}
