using Neurons.Data.Fmri;
using Neurons.Model.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Datasets;

/// <summary>
/// Builds one subject's stage-1 <see cref="TrainingData"/> from the tables: its training voxels per repeat and test
/// voxels [clips, repeats, voxels] from the <c>fmri</c> rows, and the image tokens and caption embeddings of the same
/// clips (in split order) streamed from the <c>targets</c> shards by <see cref="TargetTensors"/>.
/// </summary>
public static class Stage1Data
{
    /// <summary>Reads the targets of the subject's clips and assembles its training and test tensors.</summary>
    /// <param name="subject">The subject's fMRI rows.</param>
    /// <param name="targetShardPaths">The <c>targets</c> shards.</param>
    /// <param name="shape">The targets' shape (<see cref="TargetTensors.ShapeAsync"/>).</param>
    /// <param name="trainFrames">The frames training reads (even and odd epochs).</param>
    /// <param name="testFrame">The frame of the test retrieval.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <exception cref="InvalidDataException">The subject lacks training or test clips, clips of one split have different repeats, or a clip has no targets.</exception>
    public static async Task<TrainingData> BuildAsync(
        SubjectFmri subject, IEnumerable<string> targetShardPaths, TargetShape shape, IReadOnlyCollection<int> trainFrames, int testFrame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var train = subject.Ordered("train");
        var test = subject.Ordered("test");
        if (train.Count == 0 || test.Count == 0)
        {
            throw new InvalidDataException($"train: subject {subject.Subject} has {train.Count} training and {test.Count} test clips in the fmri table; both are needed");
        }

        var repeats = train[0].Repeats.Keys.ToList();
        var testRepeats = test[0].Repeats.Keys.ToList();
        foreach (var (id, _, r) in train)
        {
            if (!r.Keys.SequenceEqual(repeats))
            {
                throw new InvalidDataException($"train: subject {subject.Subject} clip {id} has repeats [{string.Join(", ", r.Keys)}], other training clips [{string.Join(", ", repeats)}]");
            }
        }

        foreach (var (id, _, r) in test)
        {
            if (!r.Keys.SequenceEqual(testRepeats))
            {
                throw new InvalidDataException($"train: subject {subject.Subject} clip {id} has repeats [{string.Join(", ", r.Keys)}], other test clips [{string.Join(", ", testRepeats)}]");
            }
        }

        var targets = await TargetTensors.ReadAsync(
            targetShardPaths, train.Select(c => c.Id).ToList(), test.Select(c => c.Id).ToList(), trainFrames, testFrame, shape, cancellationToken).ConfigureAwait(false);
        var v = subject.Voxels;
        var trainVoxels = repeats.Select(rep => VoxelTensor(train.Select(c => c.Repeats[rep]).ToList(), v)).ToList();
        var testVoxels = stack(testRepeats.Select(rep => VoxelTensor(test.Select(c => c.Repeats[rep]).ToList(), v)).ToArray(), 1);

        // TrainingData takes ownership of every tensor handed over.
        return new TrainingData(trainVoxels, targets.TrainFrames, targets.TrainText, testVoxels, targets.TestTokens, targets.TestText);
    }

    /// <summary>Copies equal-length voxel rows into a float32 tensor [rows, voxels].</summary>
    internal static Tensor VoxelTensor(List<float[]> rows, int voxels)
    {
        var t = empty(rows.Count, voxels, dtype: ScalarType.Float32);
        var span = t.data<float>();
        for (var i = 0; i < rows.Count; i++)
        {
            span.CopyFrom(rows[i], 0, i * (long)voxels);
        }

        return t;
    }
}
