using System.ComponentModel.DataAnnotations;

namespace Neurons.Stages.TrainDecoupler;

/// <summary>The parameters of the <c>train_decoupler</c> stage (snake_case keys in <c>stage.yaml</c>; defaults = NEURONS stage 2).</summary>
public sealed record TrainDecouplerOptions
{
    /// <summary>Gets the size preset of the stage-2 parts (the brain's comes from the stage-1 export).</summary>
    /// <value><c>paper</c>; or <c>tiny</c>.</value>
    [RegularExpression("^(paper|tiny)$")]
    public string Config { get; init; } = "paper";

    /// <summary>Gets how the text-driven decoder groups the batch.</summary>
    /// <value><c>per_clip_residual</c> (per clip with the query residual); <c>per_clip</c> (the paper literally); or <c>reference</c> (the authors' code: attention across the batch).</value>
    [RegularExpression("^(per_clip_residual|per_clip|reference)$")]
    public string Attention { get; init; } = "per_clip_residual";

    /// <summary>Gets which ids the GPT-2 captioner predicts.</summary>
    /// <value><c>gpt2</c> (GPT-2 BPE); or <c>reference</c> (CLIP BPE ids fed to GPT-2, needs clip_vocab and clip_merges).</value>
    [RegularExpression("^(gpt2|reference)$")]
    public string CaptionTokenizer { get; init; } = "gpt2";

    /// <summary>Gets the caption target length in tokens.</summary>
    /// <value>60; 2–1000.</value>
    [Range(2, 1000)]
    public int CaptionLength { get; init; } = 60;

    /// <summary>Gets the Hugging Face <c>gpt2</c> safetensors file the captioner starts from.</summary>
    /// <value>Empty = GPT-2 from random initial weights (the tiny preset).</value>
    public string Gpt2Weights { get; init; } = string.Empty;

    /// <summary>Gets CLIP's <c>vocab.json</c> (the reference caption tokenizer).</summary>
    /// <value>Empty (required only with caption_tokenizer reference).</value>
    public string ClipVocab { get; init; } = string.Empty;

    /// <summary>Gets CLIP's <c>merges.txt</c> (the reference caption tokenizer).</summary>
    /// <value>Empty (required only with caption_tokenizer reference).</value>
    public string ClipMerges { get; init; } = string.Empty;

    /// <summary>Gets the subjects to train (empty = every subject with a stage-1 model).</summary>
    /// <value>Empty.</value>
    public List<int> Subjects { get; init; } = [];

    /// <summary>Gets the number of epochs.</summary>
    /// <value>50; ≥ 1.</value>
    [Range(1, 100_000)]
    public int Epochs { get; init; } = 50;

    /// <summary>Gets the training batch size.</summary>
    /// <value>10; ≥ 2.</value>
    [Range(2, 100_000)]
    public int BatchSize { get; init; } = 10;

    /// <summary>Gets the OneCycle peak learning rate.</summary>
    /// <value>5e-5.</value>
    [Range(1e-12, 10)]
    public double MaxLr { get; init; } = 5e-5;

    /// <summary>Gets the AdamW weight decay.</summary>
    /// <value>0.01.</value>
    [Range(0, 10)]
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>Gets the OneCycle warm-up fraction (0 = 2 / epochs).</summary>
    /// <value>0.</value>
    [Range(0, 0.999)]
    public double PctStart { get; init; }

    /// <summary>Gets OneCycle's final division factor.</summary>
    /// <value>1000.</value>
    [Range(1, 1e12)]
    public double FinalDivFactor { get; init; } = 1000;

    /// <summary>Gets the seed.</summary>
    /// <value>42.</value>
    public long Seed { get; init; } = 42;

    /// <summary>Gets the prior's target frame (and the retrieval frame).</summary>
    /// <value>2.</value>
    [Range(0, 5)]
    public int PriorFrame { get; init; } = 2;

    /// <summary>Gets the SoftCLIP temperature at epoch 0.</summary>
    /// <value>0.004.</value>
    [Range(1e-9, 100)]
    public double ClipTemperatureStart { get; init; } = 0.004;

    /// <summary>Gets the SoftCLIP temperature at the last epoch.</summary>
    /// <value>0.0075.</value>
    [Range(1e-9, 100)]
    public double ClipTemperatureEnd { get; init; } = 0.0075;

    /// <summary>Gets the text InfoNCE temperature.</summary>
    /// <value>0.1.</value>
    [Range(1e-9, 100)]
    public double TextTemperature { get; init; } = 0.1;

    /// <summary>Gets the test batch size of the per-epoch evaluation.</summary>
    /// <value>100; ≥ 2.</value>
    [Range(2, 100_000)]
    public int EvalBatchSize { get; init; } = 100;

    /// <summary>Gets whether the sub-task metrics use DDPM samples of the prior (true) or its noised-GT x₀.</summary>
    /// <value>true.</value>
    public bool EvalSampling { get; init; } = true;

    /// <summary>Gets the interval of mid-epoch checkpoints in steps (0 = epoch ends only); operational.</summary>
    /// <value>0.</value>
    [Range(0, int.MaxValue)]
    public int CheckpointEverySteps { get; init; }

    /// <summary>Gets how many step checkpoints are kept besides the best one; operational.</summary>
    /// <value>2; ≥ 1.</value>
    [Range(1, 1000)]
    public int KeepLast { get; init; } = 2;

    /// <summary>Gets the interval of full garbage collections in steps (0 = never); operational.</summary>
    /// <value>100.</value>
    [Range(0, int.MaxValue)]
    public int GcEverySteps { get; init; } = 100;

    /// <summary>Gets the libtorch intra-op CPU threads (0 = one per core); operational.</summary>
    /// <value>0.</value>
    [Range(0, 1024)]
    public int Threads { get; init; }

    /// <summary>Gets the training device.</summary>
    /// <value><c>auto</c> (CUDA when present); <c>cpu</c> or <c>cuda</c>.</value>
    [RegularExpression("^(auto|cpu|cuda)$")]
    public string Device { get; init; } = "auto";
}
