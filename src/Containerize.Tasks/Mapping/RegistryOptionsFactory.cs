using Containerize.Tasks.Parameters;
using Containerize.Oci.Errors;
using Containerize.Oci.Registry;

namespace Containerize.Tasks.Mapping;

/// <summary>
/// Builds the library's <see cref="RegistryOptions"/> from the task's parameters. Credentials are deliberately not among
/// them: MSBuild properties end up in binary logs and diagnostic output, so the library finds credentials in the
/// environment and the Docker config itself.
/// </summary>
internal static class RegistryOptionsFactory
{
    /// <summary>More parallel uploads than this only adds load on the registry; the SDK and Jib use a handful.</summary>
    internal const int MaximumParallelUploads = 32;

    public static RegistryOptions Create(ImageTaskSettings task)
    {
        if (task.MaxParallelUploads is < 1 or > MaximumParallelUploads)
        {
            throw new ContainerizeException(ErrorCodes.InvalidRegistrySetting,
                $"ContainerizeMaxParallelUploads '{task.MaxParallelUploads}' is not a number from 1 to {MaximumParallelUploads}.",
                "Leave it empty for the default of 4, or set a small number such as 2 for a registry that limits concurrent uploads.");
        }

        if (task.RegistryTimeout is < 1 or > 86_400)
        {
            throw new ContainerizeException(ErrorCodes.InvalidRegistrySetting,
                $"ContainerizeRegistryTimeout '{task.RegistryTimeout}' is not a number of seconds from 1 to 86400.",
                "Leave it empty for the default of 300 seconds, or give the seconds one registry operation may take with its retries.");
        }

        string? authorityFile = task.RegistryCertificateAuthority is null ? null : Path.GetFullPath(task.RegistryCertificateAuthority);
        if (authorityFile is not null && !File.Exists(authorityFile))
        {
            throw new ContainerizeException(ErrorCodes.InvalidRegistrySetting,
                $"ContainerRegistryCertificateAuthority '{authorityFile}' does not exist.",
                "Point it at a PEM file holding the CA certificate(s) of your registry (relative paths are relative to the project folder).");
        }

        return new RegistryOptions
        {
            InsecureRegistries = task.InsecureRegistries
                .SelectMany(value => value.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToArray(),
            TrustedCertificateAuthorityFile = authorityFile,
            ForceChunkedUpload = task.ChunkedUpload,
            MaxParallelUploads = task.MaxParallelUploads,
            OperationTimeout = TimeSpan.FromSeconds(task.RegistryTimeout),
        };
    }
}
