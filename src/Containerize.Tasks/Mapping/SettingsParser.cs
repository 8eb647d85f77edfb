using System.Globalization;
using Containerize.Oci.Building;
using Containerize.Oci.Errors;
using Microsoft.Build.Framework;

namespace Containerize.Tasks.Mapping;

/// <summary>Parses the SDK-style items and strings into the library's values; each bad value is a ContainerizeException naming it.</summary>
internal static class SettingsParser
{
    public static IReadOnlyList<string> ParseTags(string? imageTag, string? imageTags)
    {
        string source = string.IsNullOrWhiteSpace(imageTags) ? imageTag ?? "" : imageTags;
        string[] tags = source.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return tags.Length == 0 ? ["latest"] : tags.Distinct(StringComparer.Ordinal).ToArray();
    }

    public static IReadOnlyList<ContainerPort> ParsePorts(IEnumerable<ITaskItem> items)
    {
        var ports = new List<ContainerPort>();
        foreach (ITaskItem item in items)
        {
            string type = item.GetMetadata("Type").Trim().ToLowerInvariant();
            if (type.Length == 0)
            {
                type = "tcp";
            }

            if (!int.TryParse(item.ItemSpec.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int number)
                || number is < 1 or > 65535 || type is not ("tcp" or "udp"))
            {
                throw new ContainerizeException(
                    ErrorCodes.InvalidPort,
                    $"ContainerPort '{item.ItemSpec}' with Type '{item.GetMetadata("Type")}' is not a port number from 1 to 65535 with type tcp or udp.",
                    "Write it as <ContainerPort Include=\"8080\" Type=\"tcp\" />.");
            }

            ports.Add(new ContainerPort(number, type));
        }

        return ports;
    }

    /// <summary>Name/value items (ContainerEnvironmentVariable, ContainerLabel): Include is the name, Value the value.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseNamedValues(IEnumerable<ITaskItem> items, string itemName, string code)
    {
        var values = new List<KeyValuePair<string, string>>();
        foreach (ITaskItem item in items)
        {
            string name = item.ItemSpec.Trim();
            if (name.Length == 0 || (itemName == "ContainerEnvironmentVariable" && name.Contains('=')))
            {
                throw new ContainerizeException(
                    code,
                    $"{itemName} '{item.ItemSpec}' is not a valid name.",
                    $"Write it as <{itemName} Include=\"NAME\" Value=\"value\" /> with a name that has no '='.");
            }

            values.Add(new KeyValuePair<string, string>(name, item.GetMetadata("Value")));
        }

        return values;
    }

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

    public static IReadOnlyList<string> Values(IEnumerable<ITaskItem> items) => items.Select(item => item.ItemSpec).ToArray();
}
