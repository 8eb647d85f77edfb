using System.Globalization;
using System.Text.RegularExpressions;

namespace Containerize.Oci.Building;

/// <summary>
/// The ports ASP.NET Core will listen on, read from the image's environment as the SDK reads it: every port of
/// <c>ASPNETCORE_URLS</c> (<c>http://+:8080;https://*:8443</c>) when it is set, since Kestrel then ignores the others;
/// else every port of <c>ASPNETCORE_HTTP_PORTS</c> and <c>ASPNETCORE_HTTPS_PORTS</c> (<c>8080;8081</c>). All TCP.
/// </summary>
internal static partial class AspNetCorePorts
{
    public static IReadOnlyList<ContainerPort> FromEnvironment(IReadOnlyList<string> environment)
    {
        if (UserResolver.EnvironmentValue(environment, "ASPNETCORE_URLS") is { } urls)
        {
            return Split(urls).Select(url => UrlPort().Match(url)).Where(match => match.Success)
                .Select(match => Parse(match.Groups["port"].Value)).OfType<ContainerPort>().ToArray();
        }

        return new[] { "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS" }
            .SelectMany(name => Split(UserResolver.EnvironmentValue(environment, name) ?? ""))
            .Select(Parse).OfType<ContainerPort>().ToArray();
    }

    private static string[] Split(string value) => value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static ContainerPort? Parse(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port is > 0 and <= 65535 ? new ContainerPort(port) : null;

    /// <summary>scheme://host:port[/path]; the host may be <c>*</c>, <c>+</c>, a name or an address.</summary>
    [GeneratedRegex(@"^\w+://.+:(?<port>\d+)(/.*)?$")]
    private static partial Regex UrlPort();
}
