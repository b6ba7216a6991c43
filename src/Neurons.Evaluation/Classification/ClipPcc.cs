namespace Neurons.Evaluation.Classification;

/// <summary>
/// CLIP-pcc: the temporal consistency of a video's frames in CLIP ViT-L/14 image-embedding space
/// (768-d, after projection). Each embedding is L2-normalised first.
/// </summary>
public static class ClipPcc
{
    /// <summary>
    /// What <c>eval_metrics.py</c> computes: the cosine-similarity matrix with its diagonal zeroed,
    /// summed and divided by F(F−1), i.e. the mean over all unordered frame pairs.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two frames, or embeddings of different sizes.</exception>
    public static double AllPairs(IReadOnlyList<float[]> frameEmbeddings)
    {
        var u = Normalize(frameEmbeddings);
        var f = u.Length;
        var sum = 0.0;
        for (var a = 0; a < f; a++)
        {
            for (var b = 0; b < f; b++)
            {
                if (a != b)
                {
                    sum += Dot(u[a], u[b]);
                }
            }
        }

        return sum / (f * (f - 1));
    }

    /// <summary>The paper's definition: the mean cosine similarity of adjacent frames, Σ u_f·u_{f+1} / (F−1).</summary>
    /// <exception cref="ArgumentException">Fewer than two frames, or embeddings of different sizes.</exception>
    public static double Adjacent(IReadOnlyList<float[]> frameEmbeddings)
    {
        var u = Normalize(frameEmbeddings);
        var sum = 0.0;
        for (var a = 0; a + 1 < u.Length; a++)
        {
            sum += Dot(u[a], u[a + 1]);
        }

        return sum / (u.Length - 1);
    }

    private static double[][] Normalize(IReadOnlyList<float[]> embeddings)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        if (embeddings.Count < 2)
        {
            throw new ArgumentException($"CLIP-pcc needs at least 2 frames, got {embeddings.Count}", nameof(embeddings));
        }

        var dim = embeddings[0].Length;
        return embeddings.Select((e, i) =>
        {
            if (e.Length != dim)
            {
                throw new ArgumentException($"frame {i} embedding has {e.Length} values, frame 0 has {dim}", nameof(embeddings));
            }

            var norm = Math.Sqrt(e.Sum(v => (double)v * v));
            return e.Select(v => norm == 0 ? 0.0 : v / norm).ToArray();
        }).ToArray();
    }

    private static double Dot(double[] a, double[] b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }
}
