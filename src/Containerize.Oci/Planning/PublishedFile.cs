namespace Containerize.Oci.Planning;

/// <summary>
/// One file of the publish output with the metadata that says where it came from. The MSBuild task fills it from
/// <c>ResolvedFileToPublish</c> items; nothing here is guessed from file names.
/// </summary>
public sealed record PublishedFile
{
    /// <summary>The absolute path of the bytes to put in the image.</summary>
    public required string SourcePath { get; init; }

    /// <summary>The path under the app directory, with '/' separators (the item's RelativePath, normalized).</summary>
    public required string RelativePath { get; init; }

    /// <summary>The NuGet package the file comes from (<c>NuGetPackageId</c> metadata), if any.</summary>
    public string? NuGetPackageId { get; init; }

    /// <summary>The package's version (<c>NuGetPackageVersion</c> metadata), if any.</summary>
    public string? NuGetPackageVersion { get; init; }

    /// <summary>The <c>ReferenceSourceTarget</c> metadata (<c>ProjectReference</c> for files of referenced projects).</summary>
    public string? ReferenceSourceTarget { get; init; }

    /// <summary>The <c>MSBuildSourceProjectFile</c> metadata: the project the file was built by, when it is not the app.</summary>
    public string? SourceProjectFile { get; init; }
}
