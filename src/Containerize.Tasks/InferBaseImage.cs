using Containerize.Oci.BaseInference;
using Containerize.Oci.Errors;
using Microsoft.Build.Framework;

namespace Containerize.Tasks;

/// <summary>
/// The default <c>ContainerBaseImage</c>: the SDK's <c>ComputeDotnetBaseImageAndTag</c> rules (in the library's
/// <see cref="DotnetBaseImageInference"/>), on the default registry or a mirror (<c>ContainerizeDefaultBaseRegistry</c>).
/// </summary>
public sealed class InferBaseImage : Microsoft.Build.Utilities.Task
{
    /// <summary><c>$(NETCoreSdkVersion)</c>.</summary>
    [Required]
    public string SdkVersion { get; set; } = "";

    /// <summary><c>$(_TargetFrameworkVersionWithoutV)</c>.</summary>
    [Required]
    public string TargetFrameworkVersion { get; set; } = "";

    /// <summary><c>@(FrameworkReference)</c>: Microsoft.AspNetCore.App picks the aspnet image.</summary>
    public ITaskItem[] FrameworkReferences { get; set; } = [];

    public bool IsSelfContained { get; set; }

    public bool IsAot { get; set; }

    public bool IsTrimmed { get; set; }

    public bool UsesInvariantGlobalization { get; set; }

    /// <summary>The container RID, else the container RIDs.</summary>
    public string[] RuntimeIdentifiers { get; set; } = [];

    /// <summary>ContainerFamily.</summary>
    public string? Family { get; set; }

    /// <summary>ContainerizeDefaultBaseRegistry: <c>host[:port][/path]</c>; empty is mcr.microsoft.com.</summary>
    public string? Registry { get; set; }

    [Output]
    public string? BaseImage { get; set; }

    public override bool Execute()
    {
        try
        {
            BaseImage = DotnetBaseImageInference.Infer(new DotnetBaseImageInput
            {
                SdkVersion = SdkVersion,
                TargetFrameworkVersion = TargetFrameworkVersion,
                IsAspNetCore = FrameworkReferences.Any(item => string.Equals(item.ItemSpec, "Microsoft.AspNetCore.App", StringComparison.OrdinalIgnoreCase)),
                IsSelfContained = IsSelfContained,
                IsAot = IsAot,
                IsTrimmed = IsTrimmed,
                UsesInvariantGlobalization = UsesInvariantGlobalization,
                RuntimeIdentifiers = RuntimeIdentifiers.Where(rid => rid.Length > 0).ToArray(),
                Family = string.IsNullOrWhiteSpace(Family) ? null : Family.Trim(),
                Registry = DefaultBaseRegistry.Parse(Registry),
            });
            Log.LogMessage(MessageImportance.Low, $"Default base image: {BaseImage}");
        }
        catch (ContainerizeException exception)
        {
            Log.LogError(subcategory: null, exception.Code, helpKeyword: null, file: null, 0, 0, 0, 0, "{0} {1}", exception.Message, exception.Hint);
        }

        return !Log.HasLoggedErrors;
    }
}
