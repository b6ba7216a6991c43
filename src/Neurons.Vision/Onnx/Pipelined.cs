namespace Neurons.Vision.Onnx;

/// <summary>
/// Overlaps a wrapper's preprocessing with its model runs: while item i runs on the caller's thread, item i + 1 is
/// prepared on a thread-pool thread (a producer one item ahead; the source is enumerated on the caller's thread). On
/// two or more cores the preprocessing then costs no wall time once a run takes longer than preparing the next input.
/// </summary>
internal static class Pipelined
{
    /// <summary>
    /// Yields <paramref name="run"/>(item, prepare(item)) for each item, in order, preparing the next item during the
    /// current run. Every prepared value is passed to <paramref name="release"/> exactly once (also when the caller
    /// stops early or a run throws).
    /// </summary>
    public static IEnumerable<TResult> Run<TItem, TPrepared, TResult>(
        IEnumerable<TItem> source,
        Func<TItem, TPrepared> prepare,
        Func<TItem, TPrepared, TResult> run,
        Action<TPrepared> release,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Iterate(source, prepare, run, release, cancellationToken);
    }

    private static IEnumerable<TResult> Iterate<TItem, TPrepared, TResult>(
        IEnumerable<TItem> source,
        Func<TItem, TPrepared> prepare,
        Func<TItem, TPrepared, TResult> run,
        Action<TPrepared> release,
        CancellationToken cancellationToken)
    {
        using var items = source.GetEnumerator();
        if (!items.MoveNext())
        {
            yield break;
        }

        var current = items.Current;
        Task<TPrepared>? next = Task.FromResult(prepare(current));
        try
        {
            while (next is not null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var pending = next;
                next = null;
                var prepared = pending.GetAwaiter().GetResult();
                var item = current;
                if (items.MoveNext())
                {
                    current = items.Current;
                    var following = current;
                    next = Task.Run(() => prepare(following), cancellationToken);
                }

                TResult result;
                try
                {
                    result = run(item, prepared);
                }
                finally
                {
                    release(prepared);
                }

                yield return result;
            }
        }
        finally
        {
            // Stopped early, cancelled or a run threw: wait for the item being prepared and release it.
            if (next is not null)
            {
                try
                {
                    next.Wait(CancellationToken.None);
                }
                catch (AggregateException)
                {
                    // It failed or never started: nothing to release, and the caller sees its own exception.
                }

                if (next.IsCompletedSuccessfully)
                {
                    release(next.Result);
                }
            }
        }
    }
}
