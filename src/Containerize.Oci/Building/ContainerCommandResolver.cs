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

/// <summary>Computes ENTRYPOINT and CMD the way the SDK does, with an apphost for self-contained apps and <c>dotnet app.dll</c> otherwise.</summary>
public static class ContainerCommandResolver
{
    public static (IReadOnlyList<string> Entrypoint, IReadOnlyList<string> Cmd) Resolve(ContainerCommandInput input) =>
        throw new NotImplementedException();
}
