namespace Neurons.Testing.Onnx;

/// <summary>One dimension of a graph input or output: a fixed size or a named dynamic axis.</summary>
public readonly record struct OnnxDim
{
    private OnnxDim(long value, string? param)
    {
        Value = value;
        Param = param;
    }

    /// <summary>Gets the fixed size (meaningless when <see cref="Param"/> is set).</summary>
    public long Value { get; }

    /// <summary>Gets the name of the dynamic axis, or null for a fixed size.</summary>
    public string? Param { get; }

    /// <summary>Gets a value indicating whether the axis is dynamic.</summary>
    public bool IsDynamic => Param is not null;

    /// <summary>A fixed size.</summary>
    public static implicit operator OnnxDim(long value) => new(value, null);

    /// <summary>A fixed size.</summary>
    public static implicit operator OnnxDim(int value) => new(value, null);

    /// <summary>A dynamic axis named <paramref name="param"/> (e.g. <c>"batch"</c>).</summary>
    public static implicit operator OnnxDim(string param) => new(0, param);

    /// <inheritdoc/>
    public override string ToString() => Param ?? Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
