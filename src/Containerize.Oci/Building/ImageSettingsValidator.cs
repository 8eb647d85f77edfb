using Containerize.Oci.Errors;
using Containerize.Oci.References;

namespace Containerize.Oci.Building;

/// <summary>Checks the user's settings before anything is built, so every mistake is reported with the value at fault.</summary>
public static class ImageSettingsValidator
{
    public static void Validate(ImageSettings settings)
    {
        ReferenceGrammar.ValidateRepository(settings.Repository);
        foreach (string tag in settings.Tags)
        {
            ReferenceGrammar.ValidateTag(tag);
        }

        ValidateWorkingDirectory(settings.WorkingDirectory);
        foreach (ContainerPort port in settings.Ports)
        {
            ValidatePort(port);
        }

        foreach (KeyValuePair<string, string> variable in settings.EnvironmentVariables)
        {
            ValidateEnvironmentVariableName(variable.Key);
        }

        foreach (KeyValuePair<string, string> label in settings.StandardLabels.Concat(settings.Labels))
        {
            ValidateLabelName(label.Key, label.Value);
        }
    }

    public static void ValidateLabelName(string name, string value)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ContainerizeException(
                ErrorCodes.InvalidLabel,
                $"A ContainerLabel has an empty name (value '{value}').",
                "Give every ContainerLabel a name in Include, for example <ContainerLabel Include=\"org.opencontainers.image.vendor\" Value=\"Contoso\" />.");
        }
    }

    public static void ValidateWorkingDirectory(string workingDirectory)
    {
        if (string.IsNullOrEmpty(workingDirectory) || workingDirectory[0] != '/' || workingDirectory.Contains('\0', StringComparison.Ordinal))
        {
            throw new ContainerizeException(
                ErrorCodes.InvalidWorkingDirectory,
                $"ContainerWorkingDirectory '{workingDirectory}' is not an absolute Linux path.",
                "Use an absolute path that starts with '/', for example /app.");
        }
    }

    public static void ValidatePort(ContainerPort port)
    {
        if (port.Number is < 1 or > 65535)
        {
            throw new ContainerizeException(
                ErrorCodes.InvalidPort,
                $"ContainerPort '{port.Number}' is not a port number.",
                "Use a number from 1 to 65535, for example <ContainerPort Include=\"8080\" Type=\"tcp\" />.");
        }

        if (NormalizeProtocol(port.Protocol) is null)
        {
            throw new ContainerizeException(
                ErrorCodes.InvalidPort,
                $"ContainerPort {port.Number} has protocol '{port.Protocol}', which is neither tcp nor udp.",
                "Set Type to tcp or udp.");
        }
    }

    /// <summary><c>tcp</c> or <c>udp</c> in lower case; null for anything else.</summary>
    public static string? NormalizeProtocol(string? protocol) =>
        (protocol ?? "tcp").Trim().ToLowerInvariant() switch
        {
            "" or "tcp" => "tcp",
            "udp" => "udp",
            _ => null,
        };

    public static void ValidateEnvironmentVariableName(string name)
    {
        // Linux allows nearly any bytes, but '=' ends the name and blanks or control characters cannot be set by shells.
        if (string.IsNullOrEmpty(name) || name.Any(c => c == '=' || char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new ContainerizeException(
                ErrorCodes.InvalidEnvironmentVariable,
                $"ContainerEnvironmentVariable '{name}' is not a valid variable name.",
                "Use a non-empty name without '=', spaces or control characters, for example ASPNETCORE_URLS.");
        }
    }
}
