using Containerize.Oci.IO;

namespace Containerize.Oci.Registry.Transport;

/// <summary>A read-only wrapper of a response body that fails a read with <see cref="TimeoutException"/> when no byte arrives in time.</summary>
internal sealed class InactivityTimeoutStream : ReadOnlyWrapperStream
{
    private readonly TimeSpan _timeout;
    private readonly IDisposable? _owner;

    public InactivityTimeoutStream(Stream inner, TimeSpan timeout, IDisposable? owner = null)
        : base(inner)
    {
        _timeout = timeout;
        _owner = owner;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            return await Inner.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No data arrived for {_timeout.TotalSeconds:0} s.");
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _owner?.Dispose();
        }
    }
}
