using System.Net;
using System.Security.Authentication;
using System.Text.Json;
using Containerize.Oci.Errors;

namespace Containerize.Oci.Registry.Transport;

/// <summary>Turns registry answers and network failures into <see cref="ContainerizeException"/>s that name the registry, repository and a fix.</summary>
internal static class RegistryErrors
{
    /// <summary>Maps an unexpected HTTP answer (not 401, which the caller explains with the credential sources).</summary>
    public static ContainerizeException FromResponse(string registry, RegistryRequest request, HttpStatusCode status, string body)
    {
        IReadOnlyList<(string Code, string Message)> errors = ParseErrorBody(body);
        string codes = errors.Count == 0 ? Truncate(body) : string.Join("; ", errors.Select(e => $"{e.Code}: {e.Message}"));
        string where = $"'{registry}/{request.Repository}'" + (request.Subject is { } subject ? $" ({subject})" : string.Empty);
        string answer = $"{(int)status} {status}" + (codes.Length > 0 ? $", registry said: {codes}" : string.Empty);
        bool Has(string code) => errors.Any(e => e.Code == code);

        if (status == HttpStatusCode.Forbidden || Has("DENIED"))
        {
            return new(ErrorCodes.RegistryForbidden, $"Registry {where} refused to {Describe(request.Operation)}: {answer}.",
                "The credential is valid but lacks permission: ask for push/pull rights on this repository, or check that it exists (some registries, like ECR, need repositories created first).");
        }

        // distribution answers a name or tag its routes do not match with a bare 404 page.
        if (Has("NAME_INVALID") || Has("TAG_INVALID") || (status == HttpStatusCode.NotFound && errors.Count == 0 && request.Operation == RegistryOperation.PushManifest))
        {
            return new(ErrorCodes.RegistryNameRejected, $"Registry {where} rejected the repository name or tag: {answer}.",
                "Use lower-case repository names (a-z, 0-9, '.', '_', '-', '/') and tags of at most 128 characters ([A-Za-z0-9_.-]).");
        }

        if (request.Operation == RegistryOperation.PushManifest)
        {
            return new(ErrorCodes.RegistryManifestRejected, $"Registry {where} rejected the manifest: {answer}.",
                "If it mentions media types, try ContainerImageFormat=Docker or Oci; MANIFEST_BLOB_UNKNOWN means a blob went missing, so push again.");
        }

        if (status == HttpStatusCode.NotFound && request.Operation is RegistryOperation.PullManifest or RegistryOperation.PullBlob)
        {
            return new(ErrorCodes.RegistryImageNotFound, $"Registry {where} has no such image or tag: {answer}.",
                "Check the image name and tag (or digest); run 'skopeo list-tags docker://REGISTRY/REPOSITORY' to see what exists.");
        }

        if (status == HttpStatusCode.NotFound && Has("NAME_UNKNOWN"))
        {
            return new(ErrorCodes.RegistryNameRejected, $"Registry {where} does not know this repository: {answer}.",
                "Create the repository first if the registry requires it, or fix the name.");
        }

        if (request.Operation == RegistryOperation.UploadBlob && (Has("DIGEST_INVALID") || Has("SIZE_INVALID") || Has("BLOB_UPLOAD_INVALID")))
        {
            return new(ErrorCodes.RegistryRejectedBlobContent, $"Registry {where} refused the uploaded bytes: {answer}.",
                "The bytes sent do not match the blob's digest or size, so sending them again cannot help: the local copy of the blob is damaged or changed while it was sent. Build again (a damaged cached copy is made anew); if it comes from a local base image, copy the base again.");
        }

        if (request.Operation == RegistryOperation.UploadBlob && (Has("BLOB_UPLOAD_UNKNOWN") || (status == HttpStatusCode.NotFound && errors.Count == 0)))
        {
            return new(ErrorCodes.RegistryUploadSessionLost, $"Registry {where} no longer knows the upload session: {answer}.",
                "The upload is started again in a new session; if this persists, the registry is losing sessions (a load balancer without sticky sessions?).");
        }

        if (request.Operation is RegistryOperation.UploadBlob or RegistryOperation.MountBlob)
        {
            return new(ErrorCodes.RegistryBlobUploadFailed, $"Registry {where} failed a blob upload: {answer}.",
                "Push again; if it persists, try ContainerizeChunkedUpload=true (or false) for this registry.");
        }

        return new(ErrorCodes.RegistryProtocolError, $"Registry {where} answered unexpectedly to {Describe(request.Operation)}: {answer}.",
            "Check that the address points at an OCI registry (v2 API); the answer above says what it objected to.");
    }

    public static ContainerizeException RetriesExhausted(string registry, RegistryRequest request, int attempts, TimeSpan elapsed, TimeSpan limit, string lastProblem, Exception? inner) =>
        new(ErrorCodes.RegistryRetriesExhausted,
            $"Registry '{registry}/{request.Repository}' kept failing to {Describe(request.Operation)}: {attempts} attempt{(attempts == 1 ? "" : "s")} in {elapsed.TotalSeconds:0} s (limit {limit.TotalSeconds:0} s); last: {lastProblem}.",
            "The registry or the network is having trouble: try again later. A slow registry may need more time: ContainerizeRegistryTimeout (seconds) sets the limit per operation.", inner);

    /// <summary>A registry that speaks only plain HTTP, which is allowed for loopback hosts and listed insecure registries only.</summary>
    public static ContainerizeException InsecureRefused(string registry, string repository, Exception inner) =>
        new(ErrorCodes.RegistryInsecureRefused,
            $"Registry '{registry}' (repository '{repository}') speaks only plain HTTP, which is used only for loopback hosts and registries listed as insecure.",
            $"Serve the registry over HTTPS, or, if plain HTTP is really wanted, list it as insecure: -p:ContainerInsecureRegistries={registry} (or the DOTNET_CONTAINER_INSECURE_REGISTRIES variable).",
            inner);

    /// <summary>Maps a failure that is not a transient one (TLS, name resolution, refused connection after retries).</summary>
    public static ContainerizeException FromException(string registry, string repository, Exception exception)
    {
        if (exception is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } || exception.InnerException is AuthenticationException)
        {
            return new(ErrorCodes.RegistryTlsFailure,
                $"The TLS connection to registry '{registry}' (repository '{repository}') failed: {exception.Message} {exception.InnerException?.Message}".TrimEnd() + ".",
                "If the registry uses a private CA, trust it (ContainerRegistryCertificateAuthority=PATH to a PEM file); for a test registry over plain HTTP, list it in ContainerInsecureRegistries (or DOTNET_CONTAINER_INSECURE_REGISTRIES).",
                exception);
        }

        return new(ErrorCodes.RegistryUnreachable,
            $"Registry '{registry}' (repository '{repository}') could not be reached: {RegistryFaults.Describe(exception)}.",
            "Check the registry address and port, your network and proxy settings (HTTPS_PROXY, NO_PROXY).", exception);
    }

    internal static IReadOnlyList<(string Code, string Message)> ParseErrorBody(string body)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("errors", out JsonElement errors) && errors.ValueKind == JsonValueKind.Array)
            {
                return errors.EnumerateArray()
                    .Select(e => (
                        e.TryGetProperty("code", out JsonElement c) ? c.ToString() : "UNKNOWN",
                        e.TryGetProperty("message", out JsonElement m) ? m.ToString() : string.Empty))
                    .ToList();
            }
        }
        catch (JsonException)
        {
            // Not the registry's JSON error form: the raw text is shown instead.
        }

        return [];
    }

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "…" : text.Trim();

    private static string Describe(RegistryOperation operation) => operation switch
    {
        RegistryOperation.Ping => "answer the API check (/v2/)",
        RegistryOperation.PullManifest => "send a manifest",
        RegistryOperation.PushManifest => "take a manifest",
        RegistryOperation.CheckManifest => "say whether it has a manifest",
        RegistryOperation.CheckBlob => "say whether it has a blob",
        RegistryOperation.PullBlob => "send a blob",
        RegistryOperation.MountBlob => "mount a blob",
        RegistryOperation.UploadBlob => "take a blob upload",
        _ => operation.ToString(),
    };
}
