namespace Neurons.Data.Fmri;

/// <summary>The alternative hypothesis of the one-sample t-test on the Fisher z values.</summary>
public enum TestSidedness
{
    /// <summary>Mean ≠ 0 (as Mind-Animator's <c>ttest_1samp</c>); the default.</summary>
    TwoSided,

    /// <summary>Mean &gt; 0: only positively reproducible vertices.</summary>
    Greater,
}
