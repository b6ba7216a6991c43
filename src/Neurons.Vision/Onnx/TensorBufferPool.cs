namespace Neurons.Vision.Onnx;

/// <summary>
/// Reusable input tensors of a wrapper (<see cref="TensorBuffer"/>): a frame rents one, fills it, runs and returns
/// it. A pipelined run holds at most a few at once (the frame being run, the frame being prepared); the pool keeps up
/// to <see cref="MaxKept"/> and disposes the rest. Thread-safe.
/// </summary>
internal sealed class TensorBufferPool : IDisposable
{
    /// <summary>The most idle buffers kept.</summary>
    public const int MaxKept = 4;

    private readonly List<TensorBuffer> idle = [];
    private bool disposed;

    /// <summary>Returns an idle buffer of the shape, or a new one. Its contents are whatever the last user left.</summary>
    public TensorBuffer Rent(long[] shape)
    {
        lock (idle)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            for (var i = idle.Count - 1; i >= 0; i--)
            {
                if (idle[i].HasShape(shape))
                {
                    var found = idle[i];
                    idle.RemoveAt(i);
                    return found;
                }
            }
        }

        return new TensorBuffer([.. shape]);
    }

    /// <summary>Gives a buffer back; it is disposed when the pool is full or disposed.</summary>
    public void Return(TensorBuffer buffer)
    {
        lock (idle)
        {
            if (!disposed)
            {
                idle.Add(buffer);
                if (idle.Count > MaxKept)
                {
                    buffer = idle[0];
                    idle.RemoveAt(0);
                }
                else
                {
                    return;
                }
            }
        }

        buffer.Dispose();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (idle)
        {
            disposed = true;
            foreach (var b in idle)
            {
                b.Dispose();
            }

            idle.Clear();
        }
    }
}
