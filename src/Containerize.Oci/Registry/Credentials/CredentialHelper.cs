using System.Diagnostics;
using System.Text.Json;
using Containerize.Oci.Errors;

namespace Containerize.Oci.Registry.Credentials;

/// <summary>Runs <c>docker-credential-NAME get</c> with the server address on stdin, as Docker does.</summary>
internal static class CredentialHelper
{
    public static async Task<RegistryCredential?> GetAsync(string helperName, string serverAddress, string source, CancellationToken cancellationToken)
    {
        string program = $"docker-credential-{helperName}";
        var startInfo = new ProcessStartInfo(program, "get")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{program} did not start.");
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new ContainerizeException(ErrorCodes.RegistryCredentialHelperFailed,
                $"The credential helper '{program}' named in {source} could not be started for '{serverAddress}'.",
                $"Install '{program}' on the PATH, or remove it from the Docker config and use explicit credentials.", exception);
        }

        using (process)
        {
            await process.StandardInput.WriteAsync(serverAddress).ConfigureAwait(false);
            process.StandardInput.Close();
            Task<string> output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            Task<string> error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            string standardOutput = await output.ConfigureAwait(false);
            string standardError = await error.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                // "credentials not found" is the protocol's way to say: nothing stored for this server.
                if ((standardOutput + standardError).Contains("credentials not found", StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }

                throw new ContainerizeException(ErrorCodes.RegistryCredentialHelperFailed,
                    $"The credential helper '{program}' named in {source} failed for '{serverAddress}' with exit code {process.ExitCode}.",
                    $"Run 'echo {serverAddress} | {program} get' to see why (log in again if it has expired).");
            }

            return Parse(standardOutput, program, source);
        }
    }

    private static RegistryCredential? Parse(string json, string program, string source)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            string? username = document.RootElement.TryGetProperty("Username", out JsonElement user) ? user.GetString() : null;
            string? secret = document.RootElement.TryGetProperty("Secret", out JsonElement value) ? value.GetString() : null;
            if (string.IsNullOrEmpty(secret))
            {
                return null;
            }

            // Docker's convention: the user name "<token>" marks an identity (refresh) token.
            return username == "<token>"
                ? RegistryCredential.FromIdentityToken(secret, source)
                : RegistryCredential.FromUsernamePassword(username ?? string.Empty, secret, source);
        }
        catch (JsonException exception)
        {
            throw new ContainerizeException(ErrorCodes.RegistryCredentialHelperFailed,
                $"The credential helper '{program}' named in {source} printed something that is not credential JSON.",
                $"Check that '{program}' is a Docker credential helper.", exception);
        }
    }
}
