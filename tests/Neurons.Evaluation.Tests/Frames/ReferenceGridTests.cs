using Neurons.Evaluation.Frames;

namespace Neurons.Evaluation.Tests.Frames;

public class ReferenceGridTests
{
    [Fact]
    public void Split_At256_Gives260x259HalvesShiftedByOneColumn()
    {
        // Given two white 256² frames
        var white = Enumerable.Repeat((byte)255, 256 * 256 * 3).ToArray();

        // When laid out as NEURONS's GIF grid and split
        var (truth, prediction, width, height) = ReferenceGrid.Split(white, white, 256);

        // Then halves are 259 wide and 260 high, GT content at columns 2..257, the prediction at 1..256, rows 2..257
        Assert.Equal(259, width);
        Assert.Equal(260, height);
        static byte At(byte[] img, int row, int col) => img[((row * 259) + col) * 3];
        Assert.Equal(0, At(truth, 10, 1));
        Assert.Equal(255, At(truth, 10, 2));
        Assert.Equal(255, At(truth, 10, 257));
        Assert.Equal(0, At(truth, 10, 258));
        Assert.Equal(0, At(prediction, 10, 0));
        Assert.Equal(255, At(prediction, 10, 1));
        Assert.Equal(255, At(prediction, 10, 256));
        Assert.Equal(0, At(prediction, 10, 257));
        Assert.Equal(0, At(truth, 1, 10));
        Assert.Equal(255, At(truth, 2, 10));
        Assert.Equal(0, At(truth, 258, 10));
    }
}
