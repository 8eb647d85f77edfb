using System.ComponentModel;
using System.Diagnostics;
using Containerize.Oci.Errors;
using Containerize.Oci.References;

namespace Containerize.Oci.Destinations;

/// <summary>
/// Loads the image into the local engine, as the SDK's <c>LocalRegistry</c> does: the OCI archive (which carries
/// Docker's manifest.json too) is streamed into <c>docker load</c> or <c>podman load</c>, so no archive file is left.
/// The engine is asked first whether it can take an image, so a docker client without a daemon is a clear error, not a broken pipe.
/// </summary>
public sealed class LocalEngineDestination : IImageDestination
{
    private readonly string _scratchDirectory;

    /// <param name="executable">The client to run; by default <c>docker</c> or <c>podman</c> from PATH.</param>
    /// <param name="scratchDirectory">Where a blob from an unseekable stream is staged while the archive is written.</param>
    public LocalEngineDestination(LocalEngine engine, string scratchDirectory, string? executable = null)
    {
        Engine = engine;
        Executable = executable ?? (engine == LocalEngine.Docker ? "docker" : "podman");
        _scratchDirectory = scratchDirectory;
    }

    public LocalEngine Engine { get; }

    public string Executable { get; }

    public async Task<IReadOnlyList<DestinationResult>> SendAsync(PublishableImage image, IReadOnlyList<ImageName> names, CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(_scratchDirectory);
        IReadOnlyList<ImageReference> references = names.Select(name => name.ToLocalReference()).ToArray();
        using Process process = Start(["load"], redirectInput: true);
        Task<string> output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> errors = process.StandardError.ReadToEndAsync(cancellationToken);
        IOException? broken = null;
        try
        {
            await OciArchiveWriter.WriteToAsync(process.StandardInput.BaseStream, _scratchDirectory, image, references, cancellationToken).ConfigureAwait(false);
            process.StandardInput.Close();
        }
        catch (IOException exception)
        {
            // The engine stopped reading: its own message (below) says why.
            broken = exception;
        }

        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        string said = (await output.ConfigureAwait(false) + await errors.ConfigureAwait(false)).Trim();
        if (process.ExitCode != 0 || broken is not null)
        {
            throw new ContainerizeException(ErrorCodes.LocalEngineLoadFailed,
                $"'{Executable} load' did not load the image (exit code {process.ExitCode}): {said}",
                $"Check that {Engine} works ('{Executable} info'), or write an archive instead (ContainerArchiveOutputPath) and load it yourself.",
                broken);
        }

        // docker names a registry-less name as Docker Hub's (and shows it short); podman puts it under localhost/.
        string[] loaded = Engine == LocalEngine.Docker
            ? references.Select(OciLayoutContent.FamiliarName).ToArray()
            : names.Select(name => $"localhost/{name}").ToArray();
        return [new DestinationResult($"Loaded into {Engine}: {string.Join(", ", loaded)}", [$"{Executable} run --rm {loaded[0]}"]) { LoadedNames = loaded }];
    }

    /// <summary><c>docker version</c> reports the server only when a daemon answers; podman has no daemon, so its client answering is enough.</summary>
    private async Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        string[] arguments = Engine == LocalEngine.Docker ? ["version", "--format", "{{.Server.Version}}"] : ["version", "--format", "{{.Client.Version}}"];
        using Process process = Start(arguments, redirectInput: false);
        Task<string> output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        string errors = await process.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        string version = (await output.ConfigureAwait(false)).Trim();
        if (process.ExitCode != 0 || version.Length == 0)
        {
            string why = Engine == LocalEngine.Docker
                ? "Start the Docker daemon (or point DOCKER_HOST at one), set LocalRegistry=Podman to use podman"
                : "Check that podman works for this user ('podman info')";
            throw new ContainerizeException(ErrorCodes.LocalEngineUnavailable,
                $"{Engine} cannot take an image: '{Executable} {string.Join(' ', arguments)}' failed (exit code {process.ExitCode}): {errors.Trim()}",
                $"{why}, or leave LocalRegistry empty to write an archive, or set ContainerRegistry to push.");
        }
    }

    private Process Start(IReadOnlyList<string> arguments, bool redirectInput)
    {
        var startInfo = new ProcessStartInfo(Executable)
        {
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        try
        {
            return Process.Start(startInfo) ?? throw new InvalidOperationException($"{Executable} did not start.");
        }
        catch (Exception exception) when (exception is Win32Exception or InvalidOperationException)
        {
            throw new ContainerizeException(ErrorCodes.LocalEngineUnavailable,
                $"LocalRegistry is {Engine}, but '{Executable}' could not be started: {exception.Message}",
                $"Install {Engine} and put '{Executable}' on PATH, or leave LocalRegistry empty to write an archive instead.",
                exception);
        }
    }
}
