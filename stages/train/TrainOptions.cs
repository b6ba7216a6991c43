using System.ComponentModel.DataAnnotations;

namespace Neurons.Stages.Train;

/// <summary>
/// The <c>train</c> stage's own parameters (snake_case keys in <c>stage.yaml</c>). The trainer's hyper-parameters
/// are the library's <see cref="Neurons.Model.Training.Stage1Options"/>, bound from the same parameters.
/// </summary>
public sealed record TrainOptions
{
    /// <summary>Gets the model size preset.</summary>
    /// <value><c>paper</c>; or <c>tiny</c>.</value>
    [AllowedValues("paper", "tiny")]
    public string Config { get; init; } = "paper";

    /// <summary>Gets the backbone residual mode.</summary>
    /// <value><c>reference</c>; or <c>residual</c>.</value>
    [AllowedValues("reference", "residual")]
    public string Mixer { get; init; } = "reference";

    /// <summary>Gets the subjects to train (empty = all in the fmri table).</summary>
    /// <value>Empty.</value>
    public List<int> Subjects { get; init; } = [];

    /// <summary>Gets the target frame of the test evaluation.</summary>
    /// <value>2.</value>
    [Range(0, 5)]
    public int TestFrame { get; init; } = 2;

    /// <summary>Gets the training device.</summary>
    /// <value><c>auto</c>; or <c>cpu</c>, <c>cuda</c>.</value>
    [AllowedValues("auto", "cpu", "cuda")]
    public string Device { get; init; } = "auto";

    /// <summary>Gets the text projection file (empty = fit one by ridge regression on the training targets).</summary>
    /// <value>Empty.</value>
    public string TextProjection { get; init; } = string.Empty;

    /// <summary>Gets the ridge penalty of the fitted text projection.</summary>
    /// <value>1.0.</value>
    [Range(0.0, 1e12)]
    public double ProjectionLambda { get; init; } = 1.0;
}
