using Neurons.Evaluation.Classification;

namespace Neurons.Evaluation.Tests.Classification;

public class ClipPccTests
{
    private static readonly float[][] Frames = [[1, 0], [0, 2], [3, 3]];

    [Fact]
    public void AllPairs_HandCase_IsMeanOverAllPairs()
    {
        // Given 3 frames with cosines (1,2) = 0, (1,3) = (2,3) = √½ / When / Then (0 + 2√½)/3
        Assert.Equal(2 * Math.Sqrt(0.5) / 3, ClipPcc.AllPairs(Frames), 6);
    }

    [Fact]
    public void Adjacent_HandCase_IsMeanOverNeighbours()
    {
        // Given the same frames / When / Then (0 + √½)/2
        Assert.Equal(Math.Sqrt(0.5) / 2, ClipPcc.Adjacent(Frames), 6);
    }

    [Fact]
    public void AllPairs_WhenFramesIdentical_IsOne()
    {
        // Given six identical embeddings / When / Then 1
        var frames = Enumerable.Repeat(new float[] { 0.3f, -0.2f, 0.9f }, 6).ToList();
        Assert.Equal(1.0, ClipPcc.AllPairs(frames), 6);
    }

    [Fact]
    public void AllPairs_WhenOneFrame_Throws()
    {
        // Given one frame / When / Then rejected
        Assert.Throws<ArgumentException>(() => ClipPcc.AllPairs([[1f, 0f]]));
    }
}
