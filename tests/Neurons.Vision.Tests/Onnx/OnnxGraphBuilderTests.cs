using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Neurons.Testing.Onnx;

namespace Neurons.Vision.Tests.Onnx;

public sealed class OnnxGraphBuilderTests
{
    [Fact]
    public void ToBytes_WhenGraphHasDynamicAxes_OnnxRuntimeReportsNamesTypesAndSymbolicDims()
    {
        // Given a graph with a dynamic batch axis, an int64 and a bool input
        var g = new OnnxGraphBuilder("signature");
        var x = g.Input("x", OnnxDataType.Float, "batch", 3);
        g.Input("ids", OnnxDataType.Int64, "batch", "tokens");
        g.Input("mask", OnnxDataType.Bool, "batch", "tokens", "tokens");
        g.Output("y", g.Relu(x), OnnxDataType.Float, "batch", 3);

        // When ONNX Runtime loads it
        using var session = new InferenceSession(g.ToBytes());

        // Then the metadata has the declared names, element types and dims
        Assert.Equal(["x", "ids", "mask"], session.InputNames);
        Assert.Equal(typeof(float), session.InputMetadata["x"].ElementType);
        Assert.Equal(typeof(long), session.InputMetadata["ids"].ElementType);
        Assert.Equal(typeof(bool), session.InputMetadata["mask"].ElementType);
        Assert.Equal([-1, 3], session.InputMetadata["x"].Dimensions);
        Assert.Equal(["batch", "tokens", "tokens"], session.InputMetadata["mask"].SymbolicDimensions);
        Assert.Equal(["y"], session.OutputNames);
    }

    [Fact]
    public void ToBytes_WhenGraphUsesInitializersAndOps_ComputesKnownValues()
    {
        // Given y = sigmoid(x · W + b) with known W and b, and z = mean over the last axis of x
        var g = new OnnxGraphBuilder("affine");
        var x = g.Input("x", OnnxDataType.Float, "batch", 2);
        var w = g.Initializer(OnnxTensor.Float("W", [1f, 0f, 0f, 2f], 2, 2));
        var y = g.Sigmoid(g.Add(g.MatMul(x, w), g.Const([0f, -1f], 2)));
        g.Output("y", y, OnnxDataType.Float, "batch", 2);
        g.Output("z", g.ReduceMean(x, [1], keepDims: false), OnnxDataType.Float, "batch");
        using var session = new InferenceSession(g.ToBytes());

        // When it runs on two rows
        var input = new DenseTensor<float>(new float[] { 0f, 0.5f, 2f, -1f }, [2, 2]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("x", input)]);

        // Then sigmoid([0, 1 - 1]) = [0.5, 0.5] and sigmoid([2, -2 - 1])
        var yv = results.First(r => r.Name == "y").AsTensor<float>().ToArray();
        Assert.Equal(0.5f, yv[0], 6);
        Assert.Equal(0.5f, yv[1], 6);
        Assert.Equal(1f / (1f + MathF.Exp(-2f)), yv[2], 6);
        Assert.Equal(1f / (1f + MathF.Exp(3f)), yv[3], 6);
        Assert.Equal([0.25f, 0.5f], results.First(r => r.Name == "z").AsTensor<float>().ToArray());
    }

    [Fact]
    public void ToBytes_WhenOpsetIs21_ReduceTakesAxesAsInputAndLoads()
    {
        // Given the IR 10 / opset 21 combination with a reduction and an int cast
        var g = new OnnxGraphBuilder("opset21", opset: 21, irVersion: 10);
        var x = g.Input("x", OnnxDataType.Float, 2, 3);
        g.Output("s", g.Cast(g.ReduceMax(x, [1], keepDims: false), OnnxDataType.Int64), OnnxDataType.Int64, 2);
        using var session = new InferenceSession(g.ToBytes());

        // When it runs
        var input = new DenseTensor<float>(new float[] { 1, 7, 3, -4, -2, -9 }, [2, 3]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("x", input)]);

        // Then the row maxima come back as int64
        Assert.Equal([7L, -2L], results[0].AsTensor<long>().ToArray());
    }

    [Fact]
    public void Input_WhenNameRepeats_Throws()
    {
        // Given a graph with an input named x
        var g = new OnnxGraphBuilder("dup");
        g.Input("x", OnnxDataType.Float, 1);

        // When / Then a second value named x is refused
        Assert.Throws<ArgumentException>(() => g.Input("x", OnnxDataType.Float, 1));
    }
}
