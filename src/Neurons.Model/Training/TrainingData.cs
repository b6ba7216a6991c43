using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Training;

/// <summary>
/// One subject's stage-1 data as in-memory CPU tensors. Training voxels stay per repeat (the epoch's parity picks
/// one); test voxels are averaged over their repeats here, at load, as the reference does (docs/model.md § Trainer: no
/// re-z-scoring). Targets keep only the frames training uses, flattened to [N, tokens·width], in their stored dtype.
/// Takes ownership of the tensors it is given.
/// </summary>
public sealed class TrainingData : IDisposable
{
    private readonly Dictionary<int, Tensor> trainTokens;

    /// <summary>Initializes a new instance of the <see cref="TrainingData"/> class.</summary>
    /// <param name="trainVoxelsByRepeat">Per training repeat, voxels [N, V] (float32).</param>
    /// <param name="trainTokensByFrame">Per frame index used in training, CLIP image tokens [N, tokens, width].</param>
    /// <param name="trainText">Caption embeddings [N, text width].</param>
    /// <param name="testVoxels">Test voxels [M, repeats, V], averaged over repeats here.</param>
    /// <param name="testTokens">Test CLIP image tokens [M, tokens, width] of the evaluation frame.</param>
    /// <param name="testText">Test caption embeddings [M, text width].</param>
    public TrainingData(
        IReadOnlyList<Tensor> trainVoxelsByRepeat,
        IReadOnlyDictionary<int, Tensor> trainTokensByFrame,
        Tensor trainText,
        Tensor testVoxels,
        Tensor testTokens,
        Tensor testText)
    {
        ArgumentNullException.ThrowIfNull(trainVoxelsByRepeat);
        ArgumentNullException.ThrowIfNull(trainTokensByFrame);
        ArgumentNullException.ThrowIfNull(trainText);
        ArgumentNullException.ThrowIfNull(testVoxels);
        ArgumentNullException.ThrowIfNull(testTokens);
        ArgumentNullException.ThrowIfNull(testText);
        if (trainVoxelsByRepeat.Count == 0 || trainTokensByFrame.Count == 0)
        {
            throw new ArgumentException("training data needs at least one repeat and one frame");
        }

        var n = trainVoxelsByRepeat[0].shape[0];
        Voxels = (int)trainVoxelsByRepeat[0].shape[1];
        var first = trainTokensByFrame.Values.First();
        Tokens = (int)first.shape[1];
        Width = (int)first.shape[2];
        TextWidth = (int)trainText.shape[1];
        foreach (var r in trainVoxelsByRepeat)
        {
            Require(r.dim() == 2 && r.shape[0] == n && r.shape[1] == Voxels, $"training voxels of every repeat must be [{n}, {Voxels}], got [{string.Join(", ", r.shape)}]");
        }

        foreach (var (frame, t) in trainTokensByFrame)
        {
            Require(t.dim() == 3 && t.shape[0] == n && t.shape[1] == Tokens && t.shape[2] == Width, $"training tokens of frame {frame} must be [{n}, {Tokens}, {Width}], got [{string.Join(", ", t.shape)}]");
        }

        Require(trainText.dim() == 2 && trainText.shape[0] == n, $"training text must be [{n}, D], got [{string.Join(", ", trainText.shape)}]");
        var m = testVoxels.shape[0];
        Require(testVoxels.dim() == 3 && testVoxels.shape[2] == Voxels, $"test voxels must be [M, repeats, {Voxels}], got [{string.Join(", ", testVoxels.shape)}]");
        Require(testTokens.dim() == 3 && testTokens.shape[0] == m && testTokens.shape[1] == Tokens && testTokens.shape[2] == Width, $"test tokens must be [{m}, {Tokens}, {Width}], got [{string.Join(", ", testTokens.shape)}]");
        Require(testText.dim() == 2 && testText.shape[0] == m && testText.shape[1] == TextWidth, $"test text must be [{m}, {TextWidth}], got [{string.Join(", ", testText.shape)}]");

        TrainVoxelsByRepeat = trainVoxelsByRepeat.Select(r => Contiguous(AsFloat32(r))).ToArray();

        trainTokens = trainTokensByFrame.ToDictionary(kv => kv.Key, kv => Flatten(kv.Value));
        TrainText = trainText;
        TestRepeats = (int)testVoxels.shape[1];
        var testFloat = AsFloat32(testVoxels);
        TestVoxels = testFloat.mean([1]);
        testFloat.Dispose();
        TestTokens = Flatten(testTokens);
        TestText = testText;
        TrainCount = (int)n;
        TestCount = (int)m;

        // The data outlives any dispose scope the caller may have open.
        foreach (var t in TrainVoxelsByRepeat.Concat(trainTokens.Values).Append(TrainText).Append(TestVoxels).Append(TestTokens).Append(TestText))
        {
            t.DetachFromDisposeScope();
        }
    }

    /// <summary>Gets the number of training clips.</summary>
    public int TrainCount { get; }

    /// <summary>Gets the number of test clips.</summary>
    public int TestCount { get; }

    /// <summary>Gets the voxel count.</summary>
    public int Voxels { get; }

    /// <summary>Gets the token count of the targets.</summary>
    public int Tokens { get; }

    /// <summary>Gets the token width of the targets.</summary>
    public int Width { get; }

    /// <summary>Gets the caption embedding width.</summary>
    public int TextWidth { get; }

    /// <summary>Gets how many test repeats were averaged.</summary>
    public int TestRepeats { get; }

    /// <summary>Gets the training voxels per repeat, [N, V] float32.</summary>
    public IReadOnlyList<Tensor> TrainVoxelsByRepeat { get; }

    /// <summary>Gets the training caption embeddings [N, text width].</summary>
    public Tensor TrainText { get; }

    /// <summary>Gets the repeat-averaged test voxels [M, V] float32.</summary>
    public Tensor TestVoxels { get; }

    /// <summary>Gets the test tokens [M, tokens·width].</summary>
    public Tensor TestTokens { get; }

    /// <summary>Gets the test caption embeddings [M, text width].</summary>
    public Tensor TestText { get; }

    /// <summary>Gets the frames available for training.</summary>
    public IEnumerable<int> Frames => trainTokens.Keys;

    /// <summary>Returns the training tokens of a frame, [N, tokens·width].</summary>
    public Tensor TrainTokens(int frame) =>
        trainTokens.TryGetValue(frame, out var t)
            ? t
            : throw new ArgumentException($"training targets hold frames [{string.Join(", ", trainTokens.Keys)}], frame {frame} was asked for");

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var t in TrainVoxelsByRepeat)
        {
            t.Dispose();
        }

        foreach (var t in trainTokens.Values)
        {
            t.Dispose();
        }

        TrainText.Dispose();
        TestVoxels.Dispose();
        TestTokens.Dispose();
        TestText.Dispose();
    }

    private static Tensor Flatten(Tensor t) => Contiguous(Replace(t, t.reshape(t.shape[0], -1)));

    private static Tensor AsFloat32(Tensor t) => t.dtype == ScalarType.Float32 ? t : Replace(t, t.to(ScalarType.Float32));

    private static Tensor Contiguous(Tensor t) => t.is_contiguous() ? t : Replace(t, t.contiguous());

    // TorchSharp may hand back the same object when an op is a no-op: dispose the source only when it was replaced.
    private static Tensor Replace(Tensor source, Tensor result)
    {
        if (!ReferenceEquals(source, result))
        {
            source.Dispose();
        }

        return result;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
