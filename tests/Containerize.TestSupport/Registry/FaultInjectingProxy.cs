using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Containerize.TestSupport.Registry;

/// <summary>
/// A reverse proxy between a client and a real registry that injects planned faults (error answers, dropped
/// connections mid-blob, slow or stalled answers) and counts how many of each it injected.
/// </summary>
public sealed class FaultInjectingProxy : IAsyncDisposable
{
    private static readonly HashSet<string> s_hopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Host", "Expect",
    };

    private readonly Uri _target;
    private readonly HttpClient _client;
    private readonly List<(FaultRule Rule, int Remaining, int Skip)> _plan = [];
    private readonly ConcurrentDictionary<FaultKind, int> _injected = new();
    private LoopbackWebServer? _server;

    private FaultInjectingProxy(Uri target)
    {
        _target = target;
        _client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public string Address => _server!.Address;

    /// <summary>The pace of a <see cref="FaultKind.Throttled"/> answer body.</summary>
    public int ThrottledBytesPerSecond { get; set; } = 256 * 1024;

    /// <summary>How long a <see cref="FaultKind.Stall"/> keeps silent.</summary>
    public TimeSpan StallDuration { get; set; } = TimeSpan.FromSeconds(4);

    public static async Task<FaultInjectingProxy> StartAsync(string targetAddress)
    {
        var proxy = new FaultInjectingProxy(new Uri($"http://{targetAddress}/"));
        proxy._server = await LoopbackWebServer.StartAsync(proxy.HandleAsync);
        return proxy;
    }

    /// <summary>Drops every planned fault not yet injected.</summary>
    public void ClearPlan()
    {
        lock (_plan)
        {
            _plan.Clear();
        }
    }

    private long _requestBodyBytes;

    /// <summary>Request body bytes forwarded to the registry so far (what clients uploaded through the proxy).</summary>
    public long RequestBodyBytes => Interlocked.Read(ref _requestBodyBytes);

    public void Plan(FaultRule rule)
    {
        lock (_plan)
        {
            _plan.Add((rule, rule.Count, rule.Skip));
        }
    }

    /// <summary>How many faults of each kind were injected so far.</summary>
    public IReadOnlyDictionary<FaultKind, int> Injected => new Dictionary<FaultKind, int>(_injected);

    private int _requests;
    private readonly ConcurrentQueue<string> _requestLines = new();

    /// <summary>Every request that reached the proxy.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Every request that reached the proxy as <c>METHOD /path?query</c>, in arrival order (to see which calls a push made).</summary>
    public IReadOnlyList<string> RequestLines => _requestLines.ToArray();

    public int PlannedRemaining { get { lock (_plan) { return _plan.Sum(p => p.Remaining); } } }

    private FaultKind? TakeFault(HttpRequest request)
    {
        lock (_plan)
        {
            for (int i = 0; i < _plan.Count; i++)
            {
                (FaultRule rule, int remaining, int skip) = _plan[i];
                if (remaining > 0 && request.Method == rule.Method && (request.Path.Value ?? string.Empty).Contains(rule.PathContains, StringComparison.Ordinal))
                {
                    if (skip > 0)
                    {
                        _plan[i] = (rule, remaining, skip - 1);
                        continue;
                    }

                    _plan[i] = (rule, remaining - 1, 0);
                    _injected.AddOrUpdate(rule.Kind, 1, (_, n) => n + 1);
                    return rule.Kind;
                }
            }
        }

        return null;
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        _requestLines.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
        if (context.Request.Method == "CONNECT")
        {
            // No HTTPS tunnels: used as a forward proxy, it serves plain HTTP only (a client then falls back to HTTP).
            context.Abort();
            return;
        }

        FaultKind? fault = TakeFault(context.Request);
        switch (fault)
        {
            case FaultKind.InternalServerError or FaultKind.ServiceUnavailable or FaultKind.TooManyRequests:
                await DrainAsync(context.Request.Body, long.MaxValue);
                context.Response.StatusCode = fault switch { FaultKind.InternalServerError => 500, FaultKind.ServiceUnavailable => 503, _ => 429 };
                if (fault == FaultKind.TooManyRequests)
                {
                    context.Response.Headers.RetryAfter = "1";
                }

                await context.Response.WriteAsync("{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"injected fault\"}]}");
                return;
            case FaultKind.Stall:
                await Task.Delay(StallDuration);
                context.Abort();
                return;
            case FaultKind.NeverAnswer:
                await DrainAsync(context.Request.Body, long.MaxValue);
                try
                {
                    await Task.Delay(TimeSpan.FromMinutes(10), context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                }

                context.Abort();
                return;
            case FaultKind.CloseWithoutAnswer:
                context.Abort();
                return;
            case FaultKind.BadUploadOffset:
                // A session status that cannot be right: more bytes than any blob of the test.
                context.Response.StatusCode = 204;
                context.Response.Headers.Location = $"{context.Request.Path}{context.Request.QueryString}";
                context.Response.Headers["Range"] = "0-999999999999";
                return;
            case FaultKind.DigestInvalid:
                await DrainAsync(context.Request.Body, long.MaxValue);
                context.Response.StatusCode = 400;
                await context.Response.WriteAsync("{\"errors\":[{\"code\":\"DIGEST_INVALID\",\"message\":\"provided digest did not match uploaded content\"}]}");
                return;
            case FaultKind.DropConnectionMidBody when context.Request.ContentLength is > 1 and long length:
                await DrainAsync(context.Request.Body, length / 2);
                context.Abort();
                return;
        }

        await ForwardAsync(context, fault);
    }

    private async Task ForwardAsync(HttpContext context, FaultKind? fault)
    {
        HttpRequest request = context.Request;
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_target, request.Path + request.QueryString));
        // The registry builds Location headers from Host: keep them pointing at the proxy.
        message.Headers.Host = request.Host.Value;
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0 || request.Method is "PUT" or "PATCH" or "POST")
        {
            message.Content = new StreamContent(new CountingBody(request.Body, this, fault == FaultKind.ThrottledUpload ? ThrottledBytesPerSecond : 0), 64 * 1024);
        }

        foreach ((string name, Microsoft.Extensions.Primitives.StringValues values) in request.Headers)
        {
            if (s_hopByHop.Contains(name))
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(name, values.ToArray()) && message.Content is not null)
            {
                message.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        if (fault == FaultKind.Slow)
        {
            await Task.Delay(300);
        }

        using HttpResponseMessage response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach ((string name, IEnumerable<string> values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!s_hopByHop.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await using Stream body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        long? total = response.Content.Headers.ContentLength;
        if (fault == FaultKind.DropConnectionMidBody && total is > 1 and long size && request.Method == "GET")
        {
            await CopyAsync(body, context.Response.Body, size / 2, slow: false);
            await context.Response.Body.FlushAsync();
            context.Abort();
            return;
        }

        await CopyAsync(body, context.Response.Body, long.MaxValue, slow: fault == FaultKind.Slow, pause: fault == FaultKind.Throttled ? Math.Max(1, 64 * 1024 * 1000 / ThrottledBytesPerSecond) : 20);
    }

    private static async Task CopyAsync(Stream source, Stream destination, long limit, bool slow, int pause = 20)
    {
        bool paced = slow || pause != 20;
        byte[] buffer = new byte[paced ? 64 * 1024 : 81920];
        long copied = 0;
        int read;
        while (copied < limit && (read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit - copied)))) > 0)
        {
            await destination.WriteAsync(buffer.AsMemory(0, read));
            copied += read;
            if (paced)
            {
                await destination.FlushAsync();
                await Task.Delay(pause);
            }
        }
    }

    private static async Task DrainAsync(Stream body, long limit)
    {
        byte[] buffer = new byte[81920];
        long total = 0;
        int read;
        while (total < limit && (read = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit - total)))) > 0)
        {
            total += read;
        }
    }

    /// <summary>A request body that counts what is read and, when throttled, reads at a fixed pace.</summary>
    private sealed class CountingBody(Stream inner, FaultInjectingProxy proxy, int bytesPerSecond) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (bytesPerSecond > 0)
            {
                buffer = buffer[..Math.Min(buffer.Length, 64 * 1024)];
            }

            int read = await inner.ReadAsync(buffer, cancellationToken);
            Interlocked.Add(ref proxy._requestBodyBytes, read);
            if (bytesPerSecond > 0 && read > 0)
            {
                await Task.Delay(Math.Max(1, read * 1000 / bytesPerSecond), cancellationToken);
            }

            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _client.Dispose();
    }
}
