using Neurons.Evaluation.Segmentation;

namespace Neurons.Evaluation.Tests.Segmentation;

public class MaskResizeTests
{
    [Fact]
    public void Nearest_WhenDownscaling_TakesFloorOfScaledIndex()
    {
        // Given a 4×1 mask [1,0,0,1] / When resized to 2×1 / Then sources 0 and 2 → [1,0]
        Assert.Equal([true, false], MaskResize.Nearest([true, false, false, true], 4, 1, 2, 1));
    }

    [Fact]
    public void Nearest_At224To64_KeepsAFullMaskFull()
    {
        // Given a full 224² mask / When resized to 64² / Then every pixel is set
        var full = Enumerable.Repeat(true, 224 * 224).ToArray();
        Assert.All(MaskResize.Nearest(full, 224, 224, 64, 64), Assert.True);
    }
}
