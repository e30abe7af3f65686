using DataPlatform.Core;

namespace DataPlatform.Lake;

/// <summary>
/// The one retry layer of the S3 store: a bounded number of attempts on transient failures
/// (throttling, 5xx, network), with exponential back-off and jitter. Time and randomness are passed in.
/// </summary>
internal sealed class S3RetryPolicy(S3LakeOptions options, S3Errors errors, TimeProvider time, Random jitter)
{
    private readonly Lock _jitterLock = new();

    public int MaxAttempts => options.MaxAttempts;

    /// <summary>
    /// Runs <paramref name="action"/> until it succeeds, fails for good, or runs out of attempts. A
    /// <see cref="DataPlatformException"/> thrown by the action itself (e.g. not found) passes unchanged;
    /// any other failure becomes one whose message names the operation, key and endpoint.
    /// </summary>
    public async Task<T> RunAsync<T>(string operation, string key, Func<CancellationToken, Task<T>> action, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action(ct).ConfigureAwait(false);
            }
            catch (DataPlatformException)
            {
                throw;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e) when (attempt < options.MaxAttempts && S3Errors.IsTransient(e))
            {
                await Task.Delay(Delay(attempt), time, ct).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                throw errors.Wrap(e, operation, key, attempt);
            }
        }
    }

    public Task RunAsync(string operation, string key, Func<CancellationToken, Task> action, CancellationToken ct) =>
        RunAsync(operation, key, async c =>
        {
            await action(c).ConfigureAwait(false);
            return true;
        }, ct);

    /// <summary>Back-off after failed attempt <paramref name="attempt"/>: half of the capped exponential delay plus a random half.</summary>
    public TimeSpan Delay(int attempt)
    {
        var exponential = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var cap = Math.Min(options.RetryMaxDelay.TotalMilliseconds, exponential);
        double u;
        lock (_jitterLock) u = jitter.NextDouble();
        return TimeSpan.FromMilliseconds(cap / 2 + u * cap / 2);
    }
}
