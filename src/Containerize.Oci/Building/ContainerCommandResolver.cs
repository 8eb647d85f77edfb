using Containerize.Oci.Errors;

namespace Containerize.Oci.Building;

/// <summary>The SDK's inputs that decide ENTRYPOINT and CMD.</summary>
public sealed record ContainerCommandInput
{
    /// <summary>The absolute working directory (the app directory).</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>The app's file name when it starts through its apphost (self-contained or AOT), e.g. <c>App</c>; null otherwise.</summary>
    public string? AppHostFileName { get; init; }

    /// <summary>The app's assembly file name, e.g. <c>App.dll</c>, started as <c>dotnet App.dll</c> when there is no apphost.</summary>
    public required string AppAssemblyFileName { get; init; }

    /// <summary>ContainerAppCommand: replaces the default app command.</summary>
    public IReadOnlyList<string> AppCommand { get; init; } = [];

    /// <summary>ContainerAppCommandArgs: appended to the app command.</summary>
    public IReadOnlyList<string> AppCommandArgs { get; init; } = [];

    /// <summary>ContainerDefaultArgs: CMD arguments that users can override at run time.</summary>
    public IReadOnlyList<string> DefaultArgs { get; init; } = [];

    /// <summary>ContainerAppCommandInstruction: Entrypoint (default), DefaultArgs or None.</summary>
    public string? AppCommandInstruction { get; init; }

    /// <summary>ContainerEntrypoint (legacy SDK item): when set, it is the entrypoint as given.</summary>
    public IReadOnlyList<string> Entrypoint { get; init; } = [];

    /// <summary>ContainerEntrypointArgs (legacy SDK item).</summary>
    public IReadOnlyList<string> EntrypointArgs { get; init; } = [];
}

/// <summary>
/// Computes ENTRYPOINT and CMD the way the SDK does, with an apphost for self-contained apps and <c>dotnet app.dll</c>
/// otherwise. An empty entrypoint in the result means "keep the base image's".
/// </summary>
public static class ContainerCommandResolver
{
    public const string EntrypointInstruction = "Entrypoint";
    public const string DefaultArgsInstruction = "DefaultArgs";
    public const string NoneInstruction = "None";

    public static (IReadOnlyList<string> Entrypoint, IReadOnlyList<string> Cmd) Resolve(ContainerCommandInput input)
    {
        IReadOnlyList<string> appCommand = input.AppCommand.Count > 0 ? input.AppCommand : DefaultAppCommand(input);
        IReadOnlyList<string> entrypoint = input.Entrypoint;
        IReadOnlyList<string> entrypointArgs = input.EntrypointArgs;
        IReadOnlyList<string> cmd = input.DefaultArgs;
        string? instruction = NormalizeInstruction(input.AppCommandInstruction);

        if (instruction is null)
        {
            if (entrypoint.Count == 0 && entrypointArgs.Count == 0)
            {
                instruction = EntrypointInstruction;
            }
            else if (entrypoint.Count == 0 && cmd.Count == 0 && input.AppCommandArgs.Count == 0)
            {
                // The SDK's compatibility rule: EntrypointArgs alone used to be the app's arguments, now default args.
                return (appCommand, entrypointArgs);
            }
            else
            {
                instruction = DefaultArgsInstruction;
            }
        }

        if (entrypointArgs.Count > 0 && entrypoint.Count == 0)
        {
            throw Invalid($"ContainerEntrypointArgs '{string.Join(' ', entrypointArgs)}' are set without a ContainerEntrypoint",
                "Set ContainerEntrypoint too, or use ContainerAppCommandArgs for arguments that always go to the app.");
        }

        switch (instruction)
        {
            case EntrypointInstruction:
                if (entrypoint.Count > 0)
                {
                    throw Invalid($"ContainerEntrypoint '{string.Join(' ', entrypoint)}' conflicts with ContainerAppCommandInstruction 'Entrypoint', which makes the app command the entrypoint",
                        "Remove ContainerEntrypoint, or set ContainerAppCommandInstruction to DefaultArgs to run the app through your entrypoint.");
                }

                return ([.. appCommand, .. input.AppCommandArgs], cmd);
            case DefaultArgsInstruction:
                return ([.. entrypoint, .. entrypointArgs], [.. appCommand, .. input.AppCommandArgs, .. cmd]);
            case NoneInstruction:
                if (input.AppCommand.Count > 0 || input.AppCommandArgs.Count > 0)
                {
                    throw Invalid("ContainerAppCommand or ContainerAppCommandArgs is set while ContainerAppCommandInstruction is 'None', so it would be ignored",
                        "Remove them, or set ContainerAppCommandInstruction to Entrypoint or DefaultArgs.");
                }

                return ([.. entrypoint, .. entrypointArgs], cmd);
            default:
                throw Invalid($"ContainerAppCommandInstruction '{instruction}' is not known",
                    "Use Entrypoint (the default), DefaultArgs or None.");
        }
    }

    /// <summary>Joins a container directory and a file name with exactly one '/' (a directory without a trailing slash still gives <c>/app/App.dll</c>).</summary>
    public static string JoinContainerPath(string directory, string fileName) =>
        directory.TrimEnd('/') + "/" + fileName.TrimStart('/');

    // MSBuild property values are case-insensitive in spirit: accept "entrypoint" as well as "Entrypoint".
    private static string? NormalizeInstruction(string? instruction)
    {
        if (string.IsNullOrWhiteSpace(instruction))
        {
            return null;
        }

        string trimmed = instruction.Trim();
        return new[] { EntrypointInstruction, DefaultArgsInstruction, NoneInstruction }
            .FirstOrDefault(known => known.Equals(trimmed, StringComparison.OrdinalIgnoreCase)) ?? trimmed;
    }

    private static IReadOnlyList<string> DefaultAppCommand(ContainerCommandInput input) =>
        input.AppHostFileName is { Length: > 0 } appHost
            ? [JoinContainerPath(input.WorkingDirectory, appHost)]
            : ["dotnet", JoinContainerPath(input.WorkingDirectory, input.AppAssemblyFileName)];

    private static ContainerizeException Invalid(string problem, string hint) =>
        new(ErrorCodes.InvalidEntrypoint, problem + ".", hint);
}
