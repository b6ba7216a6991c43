using TorchSharp;

namespace Neurons.Model.Tests.Platform;

public sealed class TorchLoadTests
{
    [Fact]
    public void Tensor_WhenCreatedOnCpu_HoldsItsValues()
    {
        // Given the native libtorch loaded from the build output (patched by Directory.Build.targets on Debian 12)
        // When a tensor is created and reduced
        using var t = torch.tensor(new float[] { 1f, 2f, 3.5f });
        using var sum = t.sum();

        // Then the values round-trip through native memory
        Assert.Equal(6.5f, sum.item<float>());
        Assert.Equal(new long[] { 3 }, t.shape);
    }
}
