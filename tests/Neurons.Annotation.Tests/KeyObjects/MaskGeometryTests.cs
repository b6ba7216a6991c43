using Neurons.Annotation.KeyObjects;
using Neurons.Data.Tables;

namespace Neurons.Annotation.Tests.KeyObjects;

public sealed class MaskGeometryTests
{
    [Fact]
    public void Of_Rectangle_ReturnsAreaAndPixelCentroid()
    {
        // Given a 4×2 box at columns 10–13, rows 20–21
        var mask = MaskFixtures.Box(0, "x", 10, 20, 4, 2);

        // When measured
        var g = MaskGeometry.Of(mask.Bits, mask.Width, mask.Height);

        // Then area is 8 and the centroid is the mean column and row
        Assert.Equal(8, g.Area);
        Assert.Equal(11.5, g.CenterX, 10);
        Assert.Equal(20.5, g.CenterY, 10);
    }

    [Fact]
    public void Of_WhenWidthIsNotAMultipleOfEight_IgnoresPaddingBits()
    {
        // Given a 3×3 mask with only the last pixel set, packed into 2 bytes with padding bits set too
        var bits = MaskBits.Pack([false, false, false, false, false, false, false, false, true]);
        bits[1] |= 0x7F;

        // When measured
        var g = MaskGeometry.Of(bits, 3, 3);

        // Then only the real pixel (2, 2) counts
        Assert.Equal(1, g.Area);
        Assert.Equal(2.0, g.CenterX);
        Assert.Equal(2.0, g.CenterY);
    }

    [Fact]
    public void Of_EmptyMask_IsEmptyWithNaNCentroid()
    {
        var g = MaskGeometry.Of(MaskFixtures.Empty(0, "x").Bits, MaskFixtures.Size, MaskFixtures.Size);
        Assert.True(g.IsEmpty);
        Assert.True(double.IsNaN(g.CenterX));
    }
}
