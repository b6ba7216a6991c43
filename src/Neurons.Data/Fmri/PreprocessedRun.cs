namespace Neurons.Data.Fmri;

/// <summary>One run after trimming, detrending and z-scoring, for a subset of grayordinates.</summary>
/// <param name="Rows">The grayordinate index of each kept row, ascending.</param>
/// <param name="Length">The number of time points per row.</param>
/// <param name="Data">Row-major values with time fastest: <c>Data[r * Length + t]</c>.</param>
/// <param name="ConstantRows">How many rows had zero variance after detrending (written as zeros).</param>
public sealed record PreprocessedRun(IReadOnlyList<int> Rows, int Length, float[] Data, int ConstantRows)
{
    /// <summary>Gets the rows that held a NaN or infinite sample and were written as zeros (only when dropping was asked for).</summary>
    public int NonFiniteRows { get; init; }

    /// <summary>Returns the series of row <paramref name="r"/>.</summary>
    public ReadOnlySpan<float> Row(int r) => Data.AsSpan(r * Length, Length);
}
