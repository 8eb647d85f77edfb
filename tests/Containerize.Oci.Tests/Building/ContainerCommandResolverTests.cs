using Containerize.Oci.Building;
using Containerize.Oci.Errors;

namespace Containerize.Oci.Tests.Building;

public sealed class ContainerCommandResolverTests
{
    private static string[] Split(string value) => value.Length == 0 ? [] : value.Split(' ');

    [Theory]
    // Framework-dependent: dotnet + the assembly under the working directory (no trailing slash needed).
    [InlineData("/app", null, "", "", "", null, "", "", "dotnet /app/App.dll", "")]
    [InlineData("/app/", null, "", "", "", null, "", "", "dotnet /app/App.dll", "")]
    // Self-contained or AOT: the apphost.
    [InlineData("/srv/x", "App", "", "", "", null, "", "", "/srv/x/App", "")]
    // App command args stay in the entrypoint; default args go to CMD.
    [InlineData("/app", "App", "", "--urls http://+:8080", "--verbose", "Entrypoint", "", "", "/app/App --urls http://+:8080", "--verbose")]
    // A custom app command replaces the default.
    [InlineData("/app", "App", "/app/run.sh", "", "", null, "", "", "/app/run.sh", "")]
    // DefaultArgs: the user's entrypoint runs the app given as CMD.
    [InlineData("/app", null, "", "a", "b", "DefaultArgs", "/tini --", "", "/tini --", "dotnet /app/App.dll a b")]
    // None: only the user's entrypoint and the default args.
    [InlineData("/app", null, "", "", "x", "None", "/bin/sh", "-c", "/bin/sh -c", "x")]
    [InlineData("/app", null, "", "", "x", "none", "/bin/sh", "", "/bin/sh", "x")]
    // No instruction with a legacy ContainerEntrypoint: DefaultArgs, as in the SDK.
    [InlineData("/app", "App", "", "", "", null, "/tini", "", "/tini", "/app/App")]
    // No instruction with only ContainerEntrypointArgs: the SDK's compatibility rule, they become default args.
    [InlineData("/app", "App", "", "", "", null, "", "--flag", "/app/App", "--flag")]
    public void ResolvesLikeTheSdk(
        string workingDirectory, string? appHost, string appCommand, string appCommandArgs, string defaultArgs,
        string? instruction, string entrypoint, string entrypointArgs, string expectedEntrypoint, string expectedCmd)
    {
        var input = new ContainerCommandInput
        {
            WorkingDirectory = workingDirectory,
            AppHostFileName = appHost,
            AppAssemblyFileName = "App.dll",
            AppCommand = Split(appCommand),
            AppCommandArgs = Split(appCommandArgs),
            DefaultArgs = Split(defaultArgs),
            AppCommandInstruction = instruction,
            Entrypoint = Split(entrypoint),
            EntrypointArgs = Split(entrypointArgs),
        };

        (IReadOnlyList<string> resolvedEntrypoint, IReadOnlyList<string> cmd) = ContainerCommandResolver.Resolve(input);

        Assert.Equal(Split(expectedEntrypoint), resolvedEntrypoint);
        Assert.Equal(Split(expectedCmd), cmd);
    }

    [Theory]
    [InlineData("Entrypoint", "/tini", "", "", "conflicts")]
    [InlineData("None", "/tini", "", "/app/run", "ignored")]
    [InlineData("Sideways", "", "", "", "'Sideways'")]
    [InlineData("DefaultArgs", "", "--x", "", "without a ContainerEntrypoint")]
    public void RefusesContradictions(string instruction, string entrypoint, string entrypointArgs, string appCommand, string message)
    {
        var input = new ContainerCommandInput
        {
            WorkingDirectory = "/app",
            AppAssemblyFileName = "App.dll",
            AppCommandInstruction = instruction,
            Entrypoint = Split(entrypoint),
            EntrypointArgs = Split(entrypointArgs),
            AppCommand = Split(appCommand),
        };

        var exception = Assert.Throws<ContainerizeException>(() => ContainerCommandResolver.Resolve(input));

        Assert.Equal(ErrorCodes.InvalidEntrypoint, exception.Code);
        Assert.Contains(message, exception.Message, StringComparison.Ordinal);
    }
}
