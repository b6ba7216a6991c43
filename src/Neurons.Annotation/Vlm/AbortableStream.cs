namespace Neurons.Annotation.Vlm;

/// <summary>A read-only stream wrapper that disposes its inner stream when a token is cancelled (so a server that stops sending mid-stream cannot hold a read past the per-attempt timeout).</summary>
internal sealed class AbortableStream : Stream
{
    private readonly Stream inner;
    private readonly CancellationTokenRegistration registration;

    /// <summary>Initializes a new instance of the <see cref="AbortableStream"/> class.</summary>
    public AbortableStream(Stream inner, CancellationToken cancellationToken)
    {
        this.inner = inner;
        registration = cancellationToken.Register(static s => ((Stream)s!).Dispose(), inner);
    }

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.ReadAsync(buffer, offset, count, cancellationToken);

    /// <inheritdoc/>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(buffer, cancellationToken);

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            registration.Dispose();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
