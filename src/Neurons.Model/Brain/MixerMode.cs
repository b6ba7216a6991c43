namespace Neurons.Model.Brain;

/// <summary>How the residual MLP mixer of the backbone chains its two residual streams.</summary>
public enum MixerMode
{
    /// <summary>
    /// MindEye2 / NEURONS exactly (<c>BrainNetwork.forward</c>): block 1 adds to residual chain 1, block 2 (over the
    /// sequence axis) adds to residual chain 2, and each block reads the other chain's latest value. With
    /// <c>seq_len = 1</c> the sequence-axis LayerNorm outputs its bias only, so the backbone output is
    /// <c>input + Σ constants</c> and the token-mixing blocks receive no gradient. Kept as the default for fidelity.
    /// </summary>
    Reference,

    /// <summary>A conventional pre-norm residual MLP: <c>x = x + block1(x)</c>, then <c>x = x + block2(xᵀ)ᵀ</c>.</summary>
    Residual,
}
