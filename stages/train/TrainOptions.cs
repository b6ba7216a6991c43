using System.ComponentModel.DataAnnotations;

namespace Neurons.Stages.Train;

/// <summary>The parameters of the <c>train</c> stage (snake_case keys in <c>stage.yaml</c>; defaults = NEURONS stage 1).</summary>
public sealed record TrainOptions
{
    /// <summary>Gets the model size preset.</summary>
    /// <value><c>paper</c>; or <c>tiny</c>.</value>
    public string Config { get; init; } = "paper";

    /// <summary>Gets the backbone residual mode.</summary>
    /// <value><c>reference</c>; or <c>residual</c>.</value>
    public string Mixer { get; init; } = "reference";

    /// <summary>Gets the subjects to train (empty = all in the fmri table).</summary>
    /// <value>Empty.</value>
    public List<int> Subjects { get; init; } = [];

    /// <summary>Gets the number of epochs.</summary>
    /// <value>30.</value>
    [Range(1, 100_000)]
    public int Epochs { get; init; } = 30;

    /// <summary>Gets the training batch size.</summary>
    /// <value>120.</value>
    [Range(2, 1_000_000)]
    public int BatchSize { get; init; } = 120;

    /// <summary>Gets the OneCycle peak learning rate.</summary>
    /// <value>5e-5.</value>
    [Range(1e-12, 10.0)]
    public double MaxLr { get; init; } = 5e-5;

    /// <summary>Gets the AdamW weight decay.</summary>
    /// <value>0.01.</value>
    [Range(0.0, 10.0)]
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>Gets the OneCycle warm-up fraction (0 = 2 / epochs).</summary>
    /// <value>0.</value>
    [Range(0.0, 1.0)]
    public double PctStart { get; init; }

    /// <summary>Gets OneCycle's final division factor.</summary>
    /// <value>1000.</value>
    [Range(1.0, 1e12)]
    public double FinalDivFactor { get; init; } = 1000;

    /// <summary>Gets the seed.</summary>
    /// <value>42.</value>
    public long Seed { get; init; } = 42;

    /// <summary>Gets the fraction of BiMixCo epochs.</summary>
    /// <value>1.0.</value>
    [Range(0.0, 1.0)]
    public double MixupPct { get; init; } = 1.0;

    /// <summary>Gets the BiMixCo temperature.</summary>
    /// <value>0.006.</value>
    [Range(1e-6, 100.0)]
    public double ClipTemperature { get; init; } = 0.006;

    /// <summary>Gets the text InfoNCE temperature.</summary>
    /// <value>0.1.</value>
    [Range(1e-6, 100.0)]
    public double TextTemperature { get; init; } = 0.1;

    /// <summary>Gets the text loss weight.</summary>
    /// <value>0.25.</value>
    [Range(0.0, 1e6)]
    public double TextWeight { get; init; } = 0.25;

    /// <summary>Gets the MixCo Beta concentration.</summary>
    /// <value>0.15.</value>
    [Range(1e-6, 1e6)]
    public double MixBeta { get; init; } = 0.15;

    /// <summary>Gets the mixing probability.</summary>
    /// <value>0.5.</value>
    [Range(0.0, 1.0)]
    public double MixProbability { get; init; } = 0.5;

    /// <summary>Gets the target frame of even epochs.</summary>
    /// <value>2.</value>
    [Range(0, 5)]
    public int FrameEven { get; init; } = 2;

    /// <summary>Gets the target frame of odd epochs.</summary>
    /// <value>3.</value>
    [Range(0, 5)]
    public int FrameOdd { get; init; } = 3;

    /// <summary>Gets the target frame of the test evaluation.</summary>
    /// <value>2.</value>
    [Range(0, 5)]
    public int TestFrame { get; init; } = 2;

    /// <summary>Gets the test batch size.</summary>
    /// <value>100.</value>
    [Range(2, 1_000_000)]
    public int EvalBatchSize { get; init; } = 100;

    /// <summary>Gets the mid-epoch checkpoint interval in steps (0 = epoch ends only).</summary>
    /// <value>0.</value>
    [Range(0, int.MaxValue)]
    public int CheckpointEverySteps { get; init; }

    /// <summary>Gets how many step checkpoints are kept.</summary>
    /// <value>2.</value>
    [Range(1, 1000)]
    public int KeepLast { get; init; } = 2;

    /// <summary>Gets the interval of full garbage collections.</summary>
    /// <value>100.</value>
    [Range(0, int.MaxValue)]
    public int GcEverySteps { get; init; } = 100;

    /// <summary>Gets the libtorch intra-op thread count (0 = default).</summary>
    /// <value>0.</value>
    [Range(0, 4096)]
    public int Threads { get; init; }

    /// <summary>Gets the training device.</summary>
    /// <value><c>auto</c>; or <c>cpu</c>, <c>cuda</c>.</value>
    public string Device { get; init; } = "auto";

    /// <summary>Gets the text projection file (empty = fit one by ridge regression on the training targets).</summary>
    /// <value>Empty.</value>
    public string TextProjection { get; init; } = string.Empty;

    /// <summary>Gets the ridge penalty of the fitted text projection.</summary>
    /// <value>1.0.</value>
    [Range(0.0, 1e12)]
    public double ProjectionLambda { get; init; } = 1.0;
}
