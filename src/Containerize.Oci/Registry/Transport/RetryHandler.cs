using System.Diagnostics;
using Containerize.Oci.Logging;

namespace Containerize.Oci.Registry.Transport;

/// <summary>
/// Tries a request again after network or server trouble (broken or stalled connections, 408, 429, 5xx, a token
/// service in trouble), with the retry policy's backoff or the registry's <c>Retry-After</c>, until the attempts or
/// the operation's time limit run out; then CTZ1011 says how many attempts were made over how long. Refusals (4xx)
/// and local faults (a <see cref="Errors.ContainerizeException"/> from reading a local blob) are never retried.
/// Requests that must not be repeated blindly (upload PATCH and PUT) get the fault back for their step to restart.
/// </summary>
internal sealed class RetryHandler(string registry, RegistryOptions options, IBuildLog log) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        RegistryRequest request = RegistryMessage.GetRequest(message);
        var clock = Stopwatch.StartNew();
        for (int attempt = 1; ; attempt++)
        {
            RegistryMessage.SetRemainingTime(message, Remaining(clock));
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested && RegistryFaults.FindLocalFault(exception) is { } local)
            {
                throw local;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested && RegistryFaults.IsTransient(exception))
            {
                if (!request.RetryTransientFailures)
                {
                    throw;
                }

                // A token service's Retry-After is honoured, but never shortens the backoff this attempt has reached.
                TimeSpan delay = options.Retry.GetDelay(attempt);
                if (exception is RegistryTransientException { SuggestedDelay: var suggested } && suggested > delay)
                {
                    delay = suggested;
                }

                await WaitOrGiveUpAsync(request, attempt, clock, delay, RegistryFaults.Describe(exception), exception, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (!RetryPolicy.IsRetriable(response.StatusCode) || request.ExpectedStatuses.Contains(response.StatusCode))
            {
                return response;
            }

            TimeSpan wait = options.Retry.GetDelay(attempt, response.Headers);
            string problem = $"{(int)response.StatusCode} {response.StatusCode} {await RegistryFaults.ReadErrorBodyAsync(response, cancellationToken).ConfigureAwait(false)}".Trim();
            System.Net.HttpStatusCode status = response.StatusCode;
            response.Dispose();
            if (!request.RetryTransientFailures)
            {
                throw new RegistryTransientException(status, wait, problem);
            }

            await WaitOrGiveUpAsync(request, attempt, clock, wait, problem, null, cancellationToken).ConfigureAwait(false);
        }
    }

    private TimeSpan Remaining(Stopwatch clock) =>
        options.OperationTimeout - clock.Elapsed is { } left && left > TimeSpan.Zero ? left : TimeSpan.Zero;

    private async Task WaitOrGiveUpAsync(RegistryRequest request, int attempt, Stopwatch clock, TimeSpan delay, string problem, Exception? inner, CancellationToken cancellationToken)
    {
        if (attempt >= options.Retry.MaxAttempts || clock.Elapsed + delay >= options.OperationTimeout)
        {
            throw RegistryErrors.RetriesExhausted(registry, request, attempt, clock.Elapsed, options.OperationTimeout, problem, inner);
        }

        string line = $"Retrying {request.Method} {request.Uri} on {registry} in {delay.TotalSeconds:0.#} s (attempt {attempt + 1} of {options.Retry.MaxAttempts}, {clock.Elapsed.TotalSeconds:0} s of {options.OperationTimeout.TotalSeconds:0} s spent) after: {problem}";
        // A wait long enough to notice is said at normal verbosity, so a slow build is never silent.
        if (delay >= TransferProgress.QuietPeriod)
        {
            log.Info(line);
        }
        else
        {
            log.Detail(line);
        }

        await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
    }
}
