using System.Globalization;
using Containerize.Oci.Errors;
using Containerize.Oci.Sources;

namespace Containerize.Oci.Building;

/// <summary>
/// Decides the image's USER as numbers (Kubernetes' runAsNonRoot needs a numeric user): <c>uid[:gid]</c> as given, a
/// name looked up in the base image's <c>/etc/passwd</c> (and a group in <c>/etc/group</c>), or by default the base's
/// <c>APP_UID</c>, else 1654 (the .NET images' <c>app</c> user).
/// </summary>
internal static class UserResolver
{
    public const string DefaultUserId = "1654";

    public static async Task<string> ResolveAsync(string? user, IReadOnlyList<string>? baseEnvironment, SourceImage baseImage, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(user))
        {
            string? appUid = EnvironmentValue(baseEnvironment, "APP_UID");
            return appUid is not null && IsNumber(appUid) ? appUid : DefaultUserId;
        }

        string trimmed = user.Trim();
        int colon = trimmed.IndexOf(':');
        string userPart = colon < 0 ? trimmed : trimmed[..colon];
        string? groupPart = colon < 0 ? null : trimmed[(colon + 1)..];
        if (IsNumber(userPart) && (groupPart is null || IsNumber(groupPart)))
        {
            return trimmed;
        }

        if (userPart.Length == 0 || groupPart is { Length: 0 })
        {
            throw Invalid(user, "it has an empty user or group");
        }

        string userId = userPart;
        string? groupId = groupPart;
        if (!IsNumber(userPart))
        {
            string[] entry = await FindEntryAsync(baseImage, "/etc/passwd", userPart, user, cancellationToken).ConfigureAwait(false);
            userId = entry[2];
            groupId ??= entry[3];
        }

        if (groupId is not null && !IsNumber(groupId))
        {
            groupId = (await FindEntryAsync(baseImage, "/etc/group", groupId, user, cancellationToken).ConfigureAwait(false))[2];
        }

        return groupId is null ? userId : $"{userId}:{groupId}";
    }

    /// <summary>The value of <paramref name="name"/> in a list of <c>NAME=value</c> entries (the last one wins, as in a shell).</summary>
    public static string? EnvironmentValue(IReadOnlyList<string>? environment, string name) =>
        environment?.LastOrDefault(entry => entry.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..];

    private static async Task<string[]> FindEntryAsync(SourceImage baseImage, string file, string name, string user, CancellationToken cancellationToken)
    {
        string? text;
        try
        {
            text = await BaseFileReader.ReadTextAsync(baseImage, file, cancellationToken).ConfigureAwait(false);
        }
        catch (NotSupportedException exception)
        {
            throw Invalid(user, $"{file} of the base image '{baseImage.Name}' cannot be read ({exception.Message})");
        }

        if (text is null)
        {
            throw Invalid(user, $"the base image '{baseImage.Name}' has no {file}");
        }

        foreach (string line in text.Split('\n'))
        {
            string[] fields = line.TrimEnd('\r').Split(':');
            if (fields.Length >= 3 && fields[0] == name && IsNumber(fields[2]) && (file != "/etc/passwd" || (fields.Length >= 4 && IsNumber(fields[3]))))
            {
                return fields;
            }
        }

        throw Invalid(user, $"'{name}' is not in {file} of the base image '{baseImage.Name}'");
    }

    private static bool IsNumber(string value) =>
        value.Length > 0 && uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    private static ContainerizeException Invalid(string user, string reason) =>
        new(ErrorCodes.InvalidUser,
            $"ContainerUser '{user}' cannot be used: {reason}.",
            "Use a numeric uid[:gid] (for example 1654 or 1654:1654), or a user name that the base image's /etc/passwd defines.");
}
