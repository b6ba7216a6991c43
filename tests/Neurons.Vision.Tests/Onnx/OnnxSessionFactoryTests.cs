using Neurons.Testing.Onnx;
using Neurons.Vision.Onnx;

namespace Neurons.Vision.Tests.Onnx;

public sealed class OnnxSessionFactoryTests
{
    private static readonly byte[] Model = BuildModel();

    [Fact]
    public void Create_WhenCudaRequestedInTheCpuBuild_FailsWithOneLineNamingTheBuildSwitch()
    {
        // Given the CPU package this project builds with by default
        // When a CUDA session is asked for
        var error = Assert.Throws<OnnxModelException>(() => OnnxSessionFactory.Create(Model, new OnnxSessionOptions { ExecutionProvider = "cuda" }, "clip-image"));

        // Then the message names the provider and the build switch
        Assert.StartsWith("clip-image: execution provider 'cuda' is not available in this build (build with -p:Accelerator=cuda for CUDA)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("disabled")]
    [InlineData("basic")]
    [InlineData("extended")]
    [InlineData("all")]
    public void Create_WhenOptimisationLevelAndThreadsGiven_LoadsTheModel(string level)
    {
        // When a session is created with the level and 1 thread
        using var session = OnnxSessionFactory.Create(Model, new OnnxSessionOptions { Optimization = level, IntraOpThreads = 1 }, "m");

        // Then it loads
        Assert.Equal(["x"], session.InputNames);
    }

    [Fact]
    public void Create_WhenOptimisationLevelUnknown_FailsNamingTheAllowedValues()
    {
        var error = Assert.Throws<OnnxModelException>(() => OnnxSessionFactory.Create(Model, new OnnxSessionOptions { Optimization = "max" }, "m"));
        Assert.Equal("onnx optimization 'max' is not one of disabled, basic, extended, all", error.Message);
    }

    private static byte[] BuildModel()
    {
        var g = new OnnxGraphBuilder("m");
        var x = g.Input("x", OnnxDataType.Float, 1);
        g.Output("y", g.Relu(x), OnnxDataType.Float, 1);
        return g.ToBytes();
    }
}
