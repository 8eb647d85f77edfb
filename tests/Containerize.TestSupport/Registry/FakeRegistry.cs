using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Containerize.TestSupport.Registry;

/// <summary>
/// An in-memory registry for what distribution does not do: relative upload <c>Location</c>s outside <c>/v2/</c>
/// (GHCR, GAR), 201 on PATCH (ECR), no chunked uploads (GAR), 202 on every mount, manifests served without a
/// media type. Only for those quirks; everything else is tested against the real registry.
/// </summary>
public sealed class FakeRegistry : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, byte[]> _blobs = new();
    private readonly ConcurrentDictionary<string, (byte[] Bytes, string ContentType)> _manifests = new();
    private readonly ConcurrentDictionary<string, MemoryStream> _uploads = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private LoopbackWebServer? _server;
    private int _uploadsInFlight;
    private int _maximumUploadsInFlight;

    public string Address => _server!.Address;

    /// <summary>Answer PATCH with 201 Created, as ECR does, instead of 202.</summary>
    public bool PatchAnswersCreated { get; set; }

    /// <summary>Refuse every PATCH with 405, as a registry without chunked uploads does.</summary>
    public bool RejectChunkedUploads { get; set; }

    /// <summary>The most upload requests (PATCH or PUT of blob bytes) that were ever in progress at once.</summary>
    public int MaximumUploadsInFlight => Volatile.Read(ref _maximumUploadsInFlight);

    /// <summary>Holds every upload request this long before reading it, so parallel uploads overlap visibly.</summary>
    public TimeSpan UploadDelay { get; set; }

    /// <summary>Every request as "METHOD path?query", in order.</summary>
    public IReadOnlyList<string> Requests => _requests.ToList();

    public static async Task<FakeRegistry> StartAsync()
    {
        var registry = new FakeRegistry();
        registry._server = await LoopbackWebServer.StartAsync(registry.HandleAsync);
        return registry;
    }

    public bool HasBlob(string digest) => _blobs.ContainsKey(digest);

    public void SeedManifest(string repository, string reference, byte[] bytes, string contentType) =>
        _manifests[$"{repository}:{reference}"] = (bytes, contentType);

    public void SeedBlob(byte[] bytes) => _blobs[DigestOf(bytes)] = bytes;

    public static string DigestOf(byte[] bytes) => "sha256:" + Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    private async Task HandleAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        string path = request.Path.Value ?? string.Empty;
        _requests.Enqueue($"{request.Method} {path}{request.QueryString}");
        HttpResponse response = context.Response;
        if (path == "/v2/")
        {
            return;
        }

        if (path.StartsWith("/upload/", StringComparison.Ordinal))
        {
            await HandleUploadAsync(context, path["/upload/".Length..]);
            return;
        }

        int blobs = path.IndexOf("/blobs/", StringComparison.Ordinal);
        int manifests = path.IndexOf("/manifests/", StringComparison.Ordinal);
        if (blobs > 0 && path.EndsWith("/blobs/uploads/", StringComparison.Ordinal) && request.Method == "POST")
        {
            // Mount or not, always open a session (202): the client must then upload.
            string id = Guid.NewGuid().ToString("N");
            _uploads[id] = new MemoryStream();
            response.StatusCode = 202;
            response.Headers.Location = $"/upload/{id}";
        }
        else if (blobs > 0)
        {
            string digest = path[(blobs + "/blobs/".Length)..];
            if (!_blobs.TryGetValue(digest, out byte[]? blob))
            {
                response.StatusCode = 404;
                return;
            }

            response.ContentLength = blob.Length;
            if (request.Method == "GET")
            {
                await response.Body.WriteAsync(blob);
            }
        }
        else if (manifests > 0)
        {
            string key = $"{path[4..manifests]}:{path[(manifests + "/manifests/".Length)..]}";
            await HandleManifestAsync(context, key, path[4..manifests]);
        }
        else
        {
            response.StatusCode = 404;
        }
    }

    private async Task HandleManifestAsync(HttpContext context, string key, string repository)
    {
        if (context.Request.Method == "PUT")
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            byte[] bytes = buffer.ToArray();
            string contentType = context.Request.ContentType ?? "application/json";
            _manifests[key] = (bytes, contentType);
            _manifests[$"{repository}:{DigestOf(bytes)}"] = (bytes, contentType);
            context.Response.StatusCode = 201;
            context.Response.Headers["Docker-Content-Digest"] = DigestOf(bytes);
            return;
        }

        if (!_manifests.TryGetValue(key, out var manifest))
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}");
            return;
        }

        context.Response.ContentType = manifest.ContentType;
        context.Response.Headers["Docker-Content-Digest"] = DigestOf(manifest.Bytes);
        await context.Response.Body.WriteAsync(manifest.Bytes);
    }

    private async Task HandleUploadAsync(HttpContext context, string id)
    {
        if (!_uploads.TryGetValue(id, out MemoryStream? upload))
        {
            context.Response.StatusCode = 404;
            return;
        }

        if (context.Request.Method == "PATCH" && RejectChunkedUploads)
        {
            context.Response.StatusCode = 405;
            return;
        }

        int inFlight = Interlocked.Increment(ref _uploadsInFlight);
        int seen;
        while (inFlight > (seen = Volatile.Read(ref _maximumUploadsInFlight)) && Interlocked.CompareExchange(ref _maximumUploadsInFlight, inFlight, seen) != seen)
        {
        }

        try
        {
            await Task.Delay(UploadDelay);
            await context.Request.Body.CopyToAsync(upload);
        }
        finally
        {
            Interlocked.Decrement(ref _uploadsInFlight);
        }

        if (context.Request.Method == "PATCH")
        {
            context.Response.StatusCode = PatchAnswersCreated ? 201 : 202;
            context.Response.Headers.Location = $"/upload/{id}?written={upload.Length}";
            return;
        }

        string? digest = context.Request.Query["digest"];
        byte[] bytes = upload.ToArray();
        if (digest != DigestOf(bytes))
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("{\"errors\":[{\"code\":\"DIGEST_INVALID\",\"message\":\"digest mismatch\"}]}");
            return;
        }

        _blobs[digest] = bytes;
        _uploads.TryRemove(id, out _);
        context.Response.StatusCode = 201;
        context.Response.Headers["Docker-Content-Digest"] = digest;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
