namespace Neurons.Model.Training;

/// <summary>The scalars of one AdamW step, computed in double as torch's Python code does.</summary>
/// <param name="Decay">1 − lr·weight decay.</param>
/// <param name="Beta1">β1 of this step.</param>
/// <param name="OneMinusBeta1">1 − β1.</param>
/// <param name="Beta2">β2.</param>
/// <param name="OneMinusBeta2">1 − β2.</param>
/// <param name="BiasCorrection2Sqrt">√(1 − β2ᵗ).</param>
/// <param name="Eps">ε.</param>
/// <param name="NegativeStepSize">−lr / (1 − β1ᵗ).</param>
internal sealed record AdamWCoefficients(double Decay, double Beta1, double OneMinusBeta1, double Beta2, double OneMinusBeta2, double BiasCorrection2Sqrt, double Eps, double NegativeStepSize);
