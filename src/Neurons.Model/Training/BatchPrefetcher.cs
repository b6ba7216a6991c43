using System.Collections.Concurrent;
using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Training;

/// <summary>
/// Prepares training batches on a background thread (gather by index, float32 conversion, device transfer) while
/// the previous step runs, two batches ahead. The plan of (epoch, batch, clip indices) is fixed in advance, so
/// prefetching never changes what a step sees. Records the time the consumer waited.
/// </summary>
internal sealed class BatchPrefetcher : IDisposable
{
    private readonly BlockingCollection<TrainingBatch> queue = new(boundedCapacity: 2);
    private readonly CancellationTokenSource stop = new();
    private readonly Thread worker;
    private Exception? failure;

    public BatchPrefetcher(TrainingData data, IEnumerable<(int Epoch, int Index, int Repeat, int Frame, int[] Clips)> plan, Device device)
    {
        worker = new Thread(() => Produce(data, plan, device)) { IsBackground = true, Name = "neurons-prefetch" };
        worker.Start();
    }

    /// <summary>Gets the total time the consumer spent waiting for a batch.</summary>
    public TimeSpan WaitTime { get; private set; }

    /// <summary>Takes the next batch (caller disposes it).</summary>
    public TrainingBatch Take(CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return queue.Take(cancellationToken);
        }
        catch (InvalidOperationException) when (failure is not null)
        {
            throw new InvalidOperationException("preparing a training batch failed: " + failure.Message, failure);
        }
        finally
        {
            WaitTime += Stopwatch.GetElapsedTime(start);
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        while (queue.TryTake(out var b))
        {
            b.Dispose();
        }

        worker.Join();
        while (queue.TryTake(out var b))
        {
            b.Dispose();
        }

        queue.Dispose();
        stop.Dispose();
    }

    private void Produce(TrainingData data, IEnumerable<(int Epoch, int Index, int Repeat, int Frame, int[] Clips)> plan, Device device)
    {
        try
        {
            foreach (var (epoch, index, repeat, frame, clips) in plan)
            {
                TrainingBatch batch;
                using (var scope = NewDisposeScope())
                {
                    var idx = tensor(clips.Select(c => (long)c).ToArray(), dtype: ScalarType.Int64);
                    var vox = data.TrainVoxelsByRepeat[repeat].index_select(0, idx).to(ScalarType.Float32, device);
                    var tok = data.TrainTokens(frame).index_select(0, idx).to(ScalarType.Float32, device);
                    var txt = data.TrainText.index_select(0, idx).to(ScalarType.Float32, device);
                    batch = new TrainingBatch(epoch, index, vox.MoveToOuterDisposeScope(), tok.MoveToOuterDisposeScope(), txt.MoveToOuterDisposeScope());
                }

                try
                {
                    queue.Add(batch, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    batch.Dispose();
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            failure = ex;
        }
        finally
        {
            queue.CompleteAdding();
        }
    }
}
