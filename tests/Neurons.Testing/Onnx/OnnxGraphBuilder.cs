using System.Globalization;

namespace Neurons.Testing.Onnx;

/// <summary>
/// Builds small ONNX models in code: named inputs and outputs with dtypes and dynamic axes,
/// initializers and nodes, written as ONNX protobuf bytes that ONNX Runtime loads. The op helpers
/// return the name of the value they compute; <see cref="Output(string, string, OnnxDataType, OnnxDim[])"/>
/// exposes a computed value under a graph output name.
/// </summary>
/// <example>
/// <code>
/// var g = new OnnxGraphBuilder("double");
/// var x = g.Input("x", OnnxDataType.Float, "batch", 4);
/// g.Output("y", g.Mul(x, g.Const(2f)), OnnxDataType.Float, "batch", 4);
/// File.WriteAllBytes("double.onnx", g.ToBytes());
/// </code>
/// </example>
public sealed class OnnxGraphBuilder
{
    private readonly List<OnnxNode> nodes = [];
    private readonly List<OnnxTensor> initializers = [];
    private readonly List<OnnxValueInfo> inputs = [];
    private readonly List<OnnxValueInfo> outputs = [];
    private readonly HashSet<string> names = new(StringComparer.Ordinal);
    private int counter;

    /// <summary>Initializes a new instance of the <see cref="OnnxGraphBuilder"/> class.</summary>
    /// <param name="name">The graph name.</param>
    /// <param name="opset">The default-domain opset (17 by default; 18 changed the Reduce* ops to take axes as an input).</param>
    /// <param name="irVersion">The IR version (8 loads with opsets up to 17, 10 with 21).</param>
    public OnnxGraphBuilder(string name, int opset = 17, int irVersion = 8)
    {
        Name = name;
        Opset = opset;
        IrVersion = irVersion;
    }

    /// <summary>Gets the graph name.</summary>
    public string Name { get; }

    /// <summary>Gets the default-domain opset version.</summary>
    public int Opset { get; }

    /// <summary>Gets the IR version.</summary>
    public int IrVersion { get; }

    /// <summary>Gets the nodes, in insertion (topological) order.</summary>
    public IReadOnlyList<OnnxNode> Nodes => nodes;

    /// <summary>Gets the initializers.</summary>
    public IReadOnlyList<OnnxTensor> Initializers => initializers;

    /// <summary>Gets the graph inputs.</summary>
    public IReadOnlyList<OnnxValueInfo> Inputs => inputs;

    /// <summary>Gets the graph outputs.</summary>
    public IReadOnlyList<OnnxValueInfo> Outputs => outputs;

    /// <summary>Declares a graph input and returns its name.</summary>
    public string Input(string name, OnnxDataType dataType, params OnnxDim[] dims)
    {
        Claim(name);
        inputs.Add(new OnnxValueInfo(name, dataType, dims));
        return name;
    }

    /// <summary>Declares a graph output that is computed by a node writing <paramref name="name"/> directly.</summary>
    public void Output(string name, OnnxDataType dataType, params OnnxDim[] dims) =>
        outputs.Add(new OnnxValueInfo(name, dataType, dims));

    /// <summary>Exposes the computed value <paramref name="value"/> as the graph output <paramref name="name"/> (through an Identity node).</summary>
    public void Output(string name, string value, OnnxDataType dataType, params OnnxDim[] dims)
    {
        Node("Identity", [value], [name]);
        outputs.Add(new OnnxValueInfo(name, dataType, dims));
    }

    /// <summary>Adds an initializer and returns its name.</summary>
    public string Initializer(OnnxTensor tensor)
    {
        Claim(tensor.Name);
        initializers.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Adds a node with explicit output names.</summary>
    public void Node(string opType, IReadOnlyList<string> nodeInputs, IReadOnlyList<string> nodeOutputs, params OnnxAttribute[] attributes)
    {
        foreach (var output in nodeOutputs)
        {
            Claim(output);
        }

        nodes.Add(new OnnxNode(opType, nodeInputs, nodeOutputs, attributes, $"{opType}_{nodes.Count}"));
    }

    /// <summary>Adds a single-output node and returns the generated output name.</summary>
    public string Op(string opType, IReadOnlyList<string> nodeInputs, params OnnxAttribute[] attributes)
    {
        var output = Fresh(opType);
        Node(opType, nodeInputs, [output], attributes);
        return output;
    }

    /// <summary>Serialises the model to ONNX protobuf bytes.</summary>
    public byte[] ToBytes() => OnnxProtoWriter.WriteModel(this);

    /// <summary>Writes the model to <paramref name="path"/> and returns the path.</summary>
    public string Save(string path)
    {
        File.WriteAllBytes(path, ToBytes());
        return path;
    }

    /// <summary>
    /// Writes the model to <paramref name="path"/> with every initializer of at least <paramref name="minBytes"/>
    /// bytes in the external-data file <c>&lt;name&gt;.data</c> beside it (the layout of real exports above 2 GB).
    /// </summary>
    /// <returns>The model path and the data file path.</returns>
    public (string Model, string Data) SaveWithExternalData(string path, int minBytes = 64)
    {
        var location = System.IO.Path.GetFileName(path) + ".data";
        var dataPath = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!, location);
        using (var data = File.Create(dataPath))
        {
            for (var i = 0; i < initializers.Count; i++)
            {
                if (initializers[i].RawData.Length >= minBytes && initializers[i].External is null)
                {
                    initializers[i] = initializers[i].AsExternal(location, data.Position);
                    data.Write(initializers[i].RawData);
                }
            }
        }

        File.WriteAllBytes(path, ToBytes());
        return (path, dataPath);
    }

    /// <summary>A float scalar constant.</summary>
    public string Const(float value) => Initializer(OnnxTensor.Scalar(Fresh("c"), value));

    /// <summary>A 64-bit integer scalar constant.</summary>
    public string Const(long value) => Initializer(OnnxTensor.Scalar(Fresh("c"), value));

    /// <summary>A float tensor constant of the given shape.</summary>
    public string Const(float[] values, params long[] dims) => Initializer(OnnxTensor.Float(Fresh("c"), values, dims));

    /// <summary>A 1-D 64-bit integer constant (shapes, axes, indices).</summary>
    public string Ints(params long[] values) => Initializer(OnnxTensor.Int64(Fresh("c"), values, values.Length));

    /// <summary>A copy of <paramref name="x"/>.</summary>
    public string Identity(string x) => Op("Identity", [x]);

    /// <summary>Element-wise sum (broadcasting).</summary>
    public string Add(string a, string b) => Op("Add", [a, b]);

    /// <summary>Element-wise difference.</summary>
    public string Sub(string a, string b) => Op("Sub", [a, b]);

    /// <summary>Element-wise product.</summary>
    public string Mul(string a, string b) => Op("Mul", [a, b]);

    /// <summary>Element-wise quotient.</summary>
    public string Div(string a, string b) => Op("Div", [a, b]);

    /// <summary>Matrix product.</summary>
    public string MatMul(string a, string b) => Op("MatMul", [a, b]);

    /// <summary>Element-wise minimum.</summary>
    public string Min(params string[] values) => Op("Min", values);

    /// <summary>Element-wise maximum.</summary>
    public string Max(params string[] values) => Op("Max", values);

    /// <summary>Logistic sigmoid.</summary>
    public string Sigmoid(string x) => Op("Sigmoid", [x]);

    /// <summary>Rectified linear unit.</summary>
    public string Relu(string x) => Op("Relu", [x]);

    /// <summary>Hyperbolic tangent.</summary>
    public string Tanh(string x) => Op("Tanh", [x]);

    /// <summary>Absolute value.</summary>
    public string Abs(string x) => Op("Abs", [x]);

    /// <summary>Element-wise <c>a &lt; b</c> (bool).</summary>
    public string Less(string a, string b) => Op("Less", [a, b]);

    /// <summary>Element-wise <c>a &gt; b</c> (bool).</summary>
    public string Greater(string a, string b) => Op("Greater", [a, b]);

    /// <summary>Element-wise equality (bool).</summary>
    public string Equal(string a, string b) => Op("Equal", [a, b]);

    /// <summary>Element-wise logical and.</summary>
    public string And(string a, string b) => Op("And", [a, b]);

    /// <summary>Element-wise logical not.</summary>
    public string Not(string x) => Op("Not", [x]);

    /// <summary>Selects <paramref name="whenTrue"/> where <paramref name="condition"/> holds, else <paramref name="whenFalse"/>.</summary>
    public string Where(string condition, string whenTrue, string whenFalse) => Op("Where", [condition, whenTrue, whenFalse]);

    /// <summary>Converts the element type.</summary>
    public string Cast(string x, OnnxDataType to) => Op("Cast", [x], OnnxAttribute.Int("to", (long)to));

    /// <summary>The shape of <paramref name="x"/> as int64[rank].</summary>
    public string Shape(string x) => Op("Shape", [x]);

    /// <summary>Gathers along <paramref name="axis"/> with a scalar (rank-reducing) index.</summary>
    public string Gather(string x, long index, long axis = 0) => Op("Gather", [x, Initializer(OnnxTensor.Scalar(Fresh("c"), index))], OnnxAttribute.Int("axis", axis));

    /// <summary>Gathers along <paramref name="axis"/> with an index tensor.</summary>
    public string Gather(string x, string indices, long axis = 0) => Op("Gather", [x, indices], OnnxAttribute.Int("axis", axis));

    /// <summary>Inserts unit axes (opset ≥ 13: axes as an input).</summary>
    public string Unsqueeze(string x, params long[] axes) => Op("Unsqueeze", [x, Ints(axes)]);

    /// <summary>Removes unit axes (opset ≥ 13: axes as an input).</summary>
    public string Squeeze(string x, params long[] axes) => Op("Squeeze", [x, Ints(axes)]);

    /// <summary>Concatenates along <paramref name="axis"/>.</summary>
    public string Concat(long axis, params string[] values) => Op("Concat", values, OnnxAttribute.Int("axis", axis));

    /// <summary>Reshapes to a constant shape (0 copies a dimension, -1 infers one).</summary>
    public string Reshape(string x, params long[] shape) => Op("Reshape", [x, Ints(shape)]);

    /// <summary>Reshapes to a computed int64 shape.</summary>
    public string Reshape(string x, string shape) => Op("Reshape", [x, shape]);

    /// <summary>Permutes axes.</summary>
    public string Transpose(string x, params long[] perm) => Op("Transpose", [x], OnnxAttribute.Ints("perm", perm));

    /// <summary>Broadcasts to a computed int64 shape.</summary>
    public string Expand(string x, string shape) => Op("Expand", [x, shape]);

    /// <summary>Slices along <paramref name="axes"/> (opset ≥ 10 form, constants as inputs).</summary>
    public string Slice(string x, long[] starts, long[] ends, long[] axes) => Op("Slice", [x, Ints(starts), Ints(ends), Ints(axes)]);

    /// <summary><c>start, start+delta, …</c> below <paramref name="limit"/> (scalar inputs).</summary>
    public string Range(string start, string limit, string delta) => Op("Range", [start, limit, delta]);

    /// <summary>Mean over axes (attribute form before opset 18, input form from 18).</summary>
    public string ReduceMean(string x, long[] axes, bool keepDims = true) => Reduce("ReduceMean", x, axes, keepDims, 18);

    /// <summary>Maximum over axes.</summary>
    public string ReduceMax(string x, long[] axes, bool keepDims = true) => Reduce("ReduceMax", x, axes, keepDims, 18);

    /// <summary>Minimum over axes.</summary>
    public string ReduceMin(string x, long[] axes, bool keepDims = true) => Reduce("ReduceMin", x, axes, keepDims, 18);

    /// <summary>Sum over axes (axes became an input in opset 13).</summary>
    public string ReduceSum(string x, long[] axes, bool keepDims = true) => Reduce("ReduceSum", x, axes, keepDims, 13);

    /// <summary>Softmax along <paramref name="axis"/>.</summary>
    public string Softmax(string x, long axis = -1) => Op("Softmax", [x], OnnxAttribute.Int("axis", axis));

    /// <summary>Average pooling with a square kernel equal to the stride (patchify-style).</summary>
    public string AveragePool(string x, long kernel) =>
        Op("AveragePool", [x], OnnxAttribute.Ints("kernel_shape", kernel, kernel), OnnxAttribute.Ints("strides", kernel, kernel));

    /// <summary>Pads with a constant; <paramref name="pads"/> is an int64 value (begin values of every axis, then end values).</summary>
    public string Pad(string x, string pads, string constantValue) => Op("Pad", [x, pads, constantValue]);

    /// <summary>A fresh, unused value name with the given prefix.</summary>
    public string Fresh(string prefix)
    {
        string name;
        do
        {
            name = string.Create(CultureInfo.InvariantCulture, $"{prefix}_{counter++}");
        }
        while (names.Contains(name));
        return name;
    }

    private string Reduce(string opType, string x, long[] axes, bool keepDims, int axesAsInputFrom)
    {
        var keep = OnnxAttribute.Int("keepdims", keepDims ? 1 : 0);
        return Opset >= axesAsInputFrom
            ? Op(opType, [x, Ints(axes)], keep)
            : Op(opType, [x], OnnxAttribute.Ints("axes", axes), keep);
    }

    private void Claim(string name)
    {
        if (!names.Add(name))
        {
            throw new ArgumentException($"value name '{name}' is already defined in graph '{Name}'", nameof(name));
        }
    }
}
