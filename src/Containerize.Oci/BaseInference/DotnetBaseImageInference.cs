using System.Globalization;
using System.Text.RegularExpressions;
using Containerize.Oci.Errors;

namespace Containerize.Oci.BaseInference;

/// <summary>
/// The default base image, decided by the rules of the .NET SDK 10.0.401's <c>ComputeDotnetBaseImageAndTag</c> (checked
/// side by side with the SDK's target by the integration tests): the repository from self-contained / ASP.NET Core, the
/// version from the TFM and SDK (preview SDKs get preview tags), then the flavour: <c>ContainerFamily</c> (plus
/// <c>-extra</c> for a globalized app on a <c>*-chiseled</c> family), <c>-alpine</c> for musl RIDs,
/// <c>-noble-chiseled</c> for AOT and trimmed apps, and <c>-extra</c> when those need ICU.
/// </summary>
public static partial class DotnetBaseImageInference
{
    public const string MicrosoftRegistry = "mcr.microsoft.com";

    /// <summary>From .NET 8 on, tags carry the preview channel and extras images exist.</summary>
    private const int FirstVersionWithNewTaggingScheme = 8;

    public static string Infer(DotnetBaseImageInput input)
    {
        bool musl = IsMusl(input.RuntimeIdentifiers);
        string repository = input.IsSelfContained ? "dotnet/runtime-deps" : input.IsAspNetCore ? "dotnet/aspnet" : "dotnet/runtime";
        (string version, SdkVersion parsed, bool allowsExtras) = VersionPart(input);
        string tag = version;
        if (!string.IsNullOrWhiteSpace(input.Family))
        {
            tag += "-" + input.Family;
            bool globalized = !input.UsesInvariantGlobalization;
            if (!musl && input.Family.EndsWith("-chiseled", StringComparison.Ordinal) && globalized && allowsExtras
                && !parsed.IsPrerelease && parsed.Major >= FirstVersionWithNewTaggingScheme)
            {
                tag += "-extra";
            }
        }
        else if (!allowsExtras)
        {
            tag += musl ? "-alpine" : "";
        }
        else
        {
            string codename = parsed.CompareTo(new SdkVersion(8, 0, 300, [])) >= 0 ? "noble" : "jammy";
            tag += musl ? "-alpine" : input.IsAot || input.IsTrimmed ? $"-{codename}-chiseled" : "";
            tag += (input.IsAot || input.IsTrimmed) && !input.UsesInvariantGlobalization ? "-extra" : "";
        }

        return $"{input.Registry.TrimEnd('/')}/{repository}:{tag}";
    }

    /// <summary>All musl RIDs pick alpine, none keeps glibc; a mix cannot share one base.</summary>
    private static bool IsMusl(IReadOnlyList<string> runtimeIdentifiers)
    {
        int musl = runtimeIdentifiers.Count(rid => rid.StartsWith("linux-musl", StringComparison.Ordinal));
        if (musl > 0 && musl != runtimeIdentifiers.Count)
        {
            throw new ContainerizeException(
                ErrorCodes.BaseInferenceMixedRuntimeIdentifiers,
                $"The runtime identifiers '{string.Join(";", runtimeIdentifiers)}' mix musl and glibc RIDs, and one default base image cannot serve both.",
                "Use only linux-musl-* or only linux-* RIDs in ContainerRuntimeIdentifiers, or set ContainerBaseImage.");
        }

        return musl > 0;
    }

    private static (string Version, SdkVersion Parsed, bool AllowsExtras) VersionPart(DotnetBaseImageInput input)
    {
        SdkVersion? framework = SdkVersion.TryParse(input.TargetFrameworkVersion + ".0");
        if (framework is not null && framework.Major < FirstVersionWithNewTaggingScheme)
        {
            return ($"{framework.Major}.{framework.Minor}", framework, false);
        }

        SdkVersion sdk = SdkVersion.TryParse(input.SdkVersion) ?? throw InvalidSdk(input.SdkVersion, "is not a semantic version");

        // The SDK's own test, kept as it is: an older TFM than the SDK's major or minor gets the TFM's stable tag.
        if (framework is not null && (framework.Major < sdk.Major || framework.Minor < sdk.Minor))
        {
            return ($"{framework.Major}.{framework.Minor}", sdk, true);
        }

        if (!sdk.IsPrerelease || sdk.Patch != 100)
        {
            return ($"{sdk.Major}.{sdk.Minor}", sdk, true);
        }

        string channel = sdk.Labels[0];
        string version = channel switch
        {
            "rtm" or "servicing" => $"{sdk.Major}.{sdk.Minor}",
            "rc" or "preview" when sdk.Labels.Count > 1 => $"{sdk.Major}.{sdk.Minor}.0-{channel}.{sdk.Labels[1]}",
            "alpha" or "dev" or "ci" => $"{sdk.Major}.{sdk.Minor}-preview",
            _ => throw InvalidSdk(input.SdkVersion, $"has the prerelease channel '{channel}', which has no base image tags"),
        };
        return (version, sdk, true);
    }

    private static ContainerizeException InvalidSdk(string version, string reason) => new(
        ErrorCodes.BaseInferenceInvalidSdkVersion,
        $"The SDK version '{version}' {reason}, so no default base image tag follows from it.",
        "Set ContainerBaseImage (for example mcr.microsoft.com/dotnet/runtime:10.0), or use a released SDK.");

    /// <summary>The parts of a SemVer 2 version that the rules look at: numbers and dot-separated prerelease labels.</summary>
    private sealed partial record SdkVersion(int Major, int Minor, int Patch, IReadOnlyList<string> Labels) : IComparable<SdkVersion>
    {
        public bool IsPrerelease => Labels.Count > 0;

        public static SdkVersion? TryParse(string text)
        {
            Match match = Pattern().Match(text.Trim());
            if (!match.Success)
            {
                return null;
            }

            int Number(int group) => int.Parse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture);
            string[] labels = match.Groups[4].Success ? match.Groups[4].Value.Split('.') : [];
            return new SdkVersion(Number(1), Number(2), Number(3), labels);
        }

        /// <summary>SemVer precedence: numbers, then a release above its prereleases, then labels in order.</summary>
        public int CompareTo(SdkVersion? other)
        {
            if (other is null)
            {
                return 1;
            }

            int numbers = (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch));
            if (numbers != 0 || (Labels.Count == 0 && other.Labels.Count == 0))
            {
                return numbers;
            }

            if (Labels.Count == 0 || other.Labels.Count == 0)
            {
                return Labels.Count == 0 ? 1 : -1;
            }

            for (int index = 0; index < Math.Min(Labels.Count, other.Labels.Count); index++)
            {
                int compared = CompareLabel(Labels[index], other.Labels[index]);
                if (compared != 0)
                {
                    return compared;
                }
            }

            return Labels.Count.CompareTo(other.Labels.Count);
        }

        private static int CompareLabel(string left, string right)
        {
            bool leftNumber = int.TryParse(left, NumberStyles.None, CultureInfo.InvariantCulture, out int leftValue);
            bool rightNumber = int.TryParse(right, NumberStyles.None, CultureInfo.InvariantCulture, out int rightValue);
            return (leftNumber, rightNumber) switch
            {
                (true, true) => leftValue.CompareTo(rightValue),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(left, right),
            };
        }

        [GeneratedRegex(@"^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$")]
        private static partial Regex Pattern();
    }
}
