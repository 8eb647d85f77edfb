namespace Containerize.Oci.BaseInference;

/// <summary>What the default base image depends on, as the SDK's <c>ComputeDotnetBaseImageAndTag</c> reads it.</summary>
public sealed record DotnetBaseImageInput
{
    /// <summary><c>$(NETCoreSdkVersion)</c>, for example <c>10.0.401</c> or <c>11.0.100-preview.1.25120.13</c>.</summary>
    public required string SdkVersion { get; init; }

    /// <summary><c>$(_TargetFrameworkVersionWithoutV)</c>, for example <c>10.0</c>.</summary>
    public required string TargetFrameworkVersion { get; init; }

    /// <summary>A <c>Microsoft.AspNetCore.App</c> framework reference: the <c>aspnet</c> image.</summary>
    public bool IsAspNetCore { get; init; }

    /// <summary><c>SelfContained</c> or <c>PublishSelfContained</c> (the SDK does not count <c>PublishAot</c> here).</summary>
    public bool IsSelfContained { get; init; }

    public bool IsAot { get; init; }

    public bool IsTrimmed { get; init; }

    public bool UsesInvariantGlobalization { get; init; }

    /// <summary>The container RID, else the container RIDs (several for a multi-platform image).</summary>
    public IReadOnlyList<string> RuntimeIdentifiers { get; init; } = [];

    /// <summary><c>ContainerFamily</c>, for example <c>noble-chiseled</c> or <c>alpine</c>.</summary>
    public string? Family { get; init; }

    /// <summary>Where the inferred image is pulled from: <c>mcr.microsoft.com</c>, or a mirror (<c>host[:port][/path]</c>).</summary>
    public string Registry { get; init; } = DotnetBaseImageInference.MicrosoftRegistry;
}
