using Neurons.Model.Training;
using static TorchSharp.torch;

namespace Neurons.Model.Tests.Training;

public sealed class TrainingDataTests
{
    [Fact]
    public void Constructor_AveragesTestRepeatsAtLoad()
    {
        // Given 2 test clips with 3 repeats of 2 voxels
        using var testVox = tensor(new float[] { 1, 2, 3, 4, 5, 6, 10, 20, 30, 40, 50, 60 }).reshape(2, 3, 2);

        // When the data is built
        using var data = new TrainingData(
            [zeros(4, 2), ones(4, 2)],
            new Dictionary<int, Tensor> { [2] = zeros(4, 3, 5, dtype: ScalarType.Float16) },
            zeros(4, 6),
            testVox.clone(),
            zeros(2, 3, 5),
            zeros(2, 6));

        // Then the test voxels are the mean over repeats, [2, 2]
        Assert.Equal(new float[] { 3, 4, 30, 40 }, data.TestVoxels.data<float>().ToArray());
        Assert.Equal(3, data.TestRepeats);
        Assert.Equal(new long[] { 4, 15 }, data.TrainTokens(2).shape);
    }

    [Fact]
    public void Constructor_MismatchedCounts_ThrowsWithShapes()
    {
        // Given training text for 3 clips but voxels for 4
        // When / Then
        var ex = Assert.Throws<ArgumentException>(() => new TrainingData(
            [zeros(4, 2)],
            new Dictionary<int, Tensor> { [2] = zeros(4, 3, 5) },
            zeros(3, 6),
            zeros(2, 1, 2),
            zeros(2, 3, 5),
            zeros(2, 6)));
        Assert.Contains("training text must be [4, D]", ex.Message, StringComparison.Ordinal);
    }
}
