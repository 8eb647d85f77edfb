namespace Containerize.Oci.Registry.Credentials;

/// <summary>
/// The environment variables that hold registry credentials, in the order they are tried, and which of them MSBuild
/// writes into binary logs and diagnostic output: every variable whose name starts with <c>DOTNET_</c> is recorded by
/// MSBuild as part of the build's environment, whatever reads it. Ours (<c>CONTAINERIZE_</c>) and the SDK's old
/// <c>SDK_</c> names are not.
/// </summary>
public static class CredentialVariables
{
    public const string UserName = "CONTAINERIZE_REGISTRY_USERNAME";
    public const string Password = "CONTAINERIZE_REGISTRY_PASSWORD";

    /// <summary>The user-name and password pairs for <paramref name="access"/>, first tried first.</summary>
    public static IReadOnlyList<(string User, string Password)> Pairs(RegistryAccess access) =>
    [
        (UserName, Password),
        access == RegistryAccess.Push
            ? ("DOTNET_CONTAINER_PUSH_REGISTRY_UNAME", "DOTNET_CONTAINER_PUSH_REGISTRY_PWORD")
            : ("DOTNET_CONTAINER_PULL_REGISTRY_UNAME", "DOTNET_CONTAINER_PULL_REGISTRY_PWORD"),
        ("DOTNET_CONTAINER_REGISTRY_UNAME", "DOTNET_CONTAINER_REGISTRY_PWORD"),
        ("SDK_CONTAINER_REGISTRY_UNAME", "SDK_CONTAINER_REGISTRY_PWORD"),
    ];

    /// <summary>Every credential variable read, for either access: the secret scan and the warning cover them all.</summary>
    public static IReadOnlyList<string> All { get; } =
        Pairs(RegistryAccess.Push).Concat(Pairs(RegistryAccess.Pull)).SelectMany(pair => new[] { pair.User, pair.Password }).Distinct().ToArray();

    /// <summary>Whether MSBuild records the variable in binary logs and <c>-v:diag</c> output (its <c>DOTNET_</c> prefix).</summary>
    public static bool IsRecordedByMSBuild(string variable) => variable.StartsWith("DOTNET_", StringComparison.Ordinal);

    /// <summary>The credential variables that are set and that MSBuild records, for the warning.</summary>
    public static IReadOnlyList<string> SetAndRecorded(Func<string, string?> environment) =>
        All.Where(variable => IsRecordedByMSBuild(variable) && !string.IsNullOrEmpty(environment(variable))).ToArray();
}
