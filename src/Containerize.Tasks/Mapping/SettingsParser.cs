using System.Globalization;
using Containerize.Oci.Building;
using Containerize.Oci.Errors;
using Containerize.Oci.Logging;
using Containerize.Oci.References;
using Microsoft.Build.Framework;

namespace Containerize.Tasks.Mapping;

/// <summary>
/// Turns the SDK-style items and strings into the library's values. It only converts text: every rule on the values
/// (port range and protocol, variable names, paths, repository and tag grammar) is the library's, in
/// <see cref="ImageSettingsValidator"/> and <see cref="ReferenceGrammar"/>, called here so the error comes before any work.
/// </summary>
internal static class SettingsParser
{
    /// <summary>ContainerImageTags wins over ContainerImageTag, as in the SDK, with a warning when both are set; none gives <c>latest</c>.</summary>
    public static IReadOnlyList<string> ParseTags(string? imageTag, string? imageTags, IBuildLog log)
    {
        string tag = imageTag?.Trim() ?? "";
        string tagList = imageTags?.Trim() ?? "";
        if (tag.Length > 0 && tagList.Length > 0)
        {
            log.Warning(ErrorCodes.ConflictingTagProperties,
                $"Both ContainerImageTag ('{tag}') and ContainerImageTags ('{tagList}') are set: ContainerImageTags wins and '{tag}' is not used. Set only one of them.");
        }

        string source = tagList.Length > 0 ? tagList : tag;
        string[] tags = source.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return tags.Length == 0 ? [ImageName.DefaultTag] : tags.Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// A repository the SDK would fix up (<c>My App</c> to <c>my-app</c>) is fixed up the same way, with a warning that
    /// names the change, so a moved project keeps pushing where it did. One that cannot be fixed is CTZ2005.
    /// </summary>
    public static string ParseRepository(string repository, IBuildLog log)
    {
        string? fixedUp = ReferenceGrammar.FixUpRepository(repository);
        if (fixedUp is null)
        {
            ReferenceGrammar.ValidateRepository(repository);
            return repository;
        }

        if (fixedUp != repository)
        {
            log.Warning(ErrorCodes.RepositoryFixedUp,
                $"ContainerRepository '{repository}' is not a valid repository name, so it is used as '{fixedUp}' (the SDK's fix-up). Set ContainerRepository to '{fixedUp}' to silence this warning.");
        }

        return fixedUp;
    }

    /// <summary>ContainerWorkingDirectory: empty is <c>/app</c>; the SDK's trailing slash (<c>/app/</c>) is dropped, since the library joins paths itself.</summary>
    public static string ParseWorkingDirectory(string? directory)
    {
        string value = string.IsNullOrWhiteSpace(directory) ? ImageSettings.DefaultWorkingDirectory : directory.Trim();
        value = value.Length > 1 ? value.TrimEnd('/') : value;
        ImageSettingsValidator.ValidateWorkingDirectory(value);
        return value;
    }

    public static IReadOnlyList<ContainerPort> ParsePorts(IEnumerable<ITaskItem> items)
    {
        var ports = new List<ContainerPort>();
        foreach (ITaskItem item in items)
        {
            if (!int.TryParse(item.ItemSpec.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int number))
            {
                throw new ContainerizeException(
                    ErrorCodes.InvalidPort,
                    $"ContainerPort '{item.ItemSpec}' is not a port number.",
                    "Write it as <ContainerPort Include=\"8080\" Type=\"tcp\" />, with a number from 1 to 65535.");
            }

            string type = item.GetMetadata("Type");
            var port = new ContainerPort(number, ImageSettingsValidator.NormalizeProtocol(type) ?? type);
            ImageSettingsValidator.ValidatePort(port);
            ports.Add(port);
        }

        return ports;
    }

    /// <summary>ContainerEnvironmentVariable items: Include is the name, Value the value.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseEnvironmentVariables(IEnumerable<ITaskItem> items) =>
        items.Select(item =>
        {
            string name = item.ItemSpec.Trim();
            ImageSettingsValidator.ValidateEnvironmentVariableName(name);
            return new KeyValuePair<string, string>(name, item.GetMetadata("Value"));
        }).ToArray();

    /// <summary>ContainerLabel items: Include is the name, Value the value.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseLabels(IEnumerable<ITaskItem> items) =>
        items.Select(item =>
        {
            string name = item.ItemSpec.Trim();
            ImageSettingsValidator.ValidateLabelName(name, item.GetMetadata("Value"));
            return new KeyValuePair<string, string>(name, item.GetMetadata("Value"));
        }).ToArray();

    public static ImageFormat ParseImageFormat(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        null or "" => ImageFormat.FollowBase,
        "OCI" => ImageFormat.Oci,
        "DOCKER" => ImageFormat.Docker,
        _ => throw new ContainerizeException(
            ErrorCodes.InvalidImageFormat,
            $"ContainerImageFormat '{value}' is not a known image format.",
            "Use OCI or Docker, or leave it empty to follow the base image."),
    };
}
