namespace Neurons.Testing.Onnx;

/// <summary>A node attribute (<c>AttributeProto</c>): int, float, string, tensor, ints or floats.</summary>
public sealed class OnnxAttribute
{
    private OnnxAttribute(string name, int type)
    {
        Name = name;
        Type = type;
    }

    /// <summary>Gets the attribute name.</summary>
    public string Name { get; }

    /// <summary>Gets the <c>AttributeProto.AttributeType</c> code.</summary>
    internal int Type { get; }

    internal long IntValue { get; private init; }

    internal float FloatValue { get; private init; }

    internal string? StringValue { get; private init; }

    internal OnnxTensor? TensorValue { get; private init; }

    internal long[] IntsValue { get; private init; } = [];

    internal float[] FloatsValue { get; private init; } = [];

    /// <summary>An integer attribute (e.g. <c>axis</c>).</summary>
    public static OnnxAttribute Int(string name, long value) => new(name, 2) { IntValue = value };

    /// <summary>A float attribute (e.g. <c>alpha</c>).</summary>
    public static OnnxAttribute Float(string name, float value) => new(name, 1) { FloatValue = value };

    /// <summary>A string attribute (e.g. <c>mode</c>).</summary>
    public static OnnxAttribute String(string name, string value) => new(name, 3) { StringValue = value };

    /// <summary>A tensor attribute (e.g. <c>Constant</c>'s <c>value</c>).</summary>
    public static OnnxAttribute Tensor(string name, OnnxTensor value) => new(name, 4) { TensorValue = value };

    /// <summary>A list of floats.</summary>
    public static OnnxAttribute Floats(string name, params float[] values) => new(name, 6) { FloatsValue = values };

    /// <summary>A list of integers (e.g. <c>axes</c>, <c>perm</c>).</summary>
    public static OnnxAttribute Ints(string name, params long[] values) => new(name, 7) { IntsValue = values };
}
