using Neurons.Data.Cifti;

namespace Neurons.Data.Mini;

/// <summary>
/// The mini subset's fMRI: a fixed random linear encoding of each clip's scene into the responsive half
/// of the vertices (chosen at random, listed by <see cref="ResponsiveVertices"/>), plus a slow polynomial
/// drift and independent noise per run, written as CIFTI-2 runs of 245 volumes (246 for test2…test5)
/// whose volumes 1…240 (2…241) carry the clips in order, as the cc2017 trimming rule expects. The
/// scene features are abstract (object identity, the moving object's colour, position, motion and size,
/// the ground region) and retinotopic, as early visual cortex is: the mean colour of each cell of a
/// coarse grid over the frame in the middle of the clip.
/// </summary>
internal sealed class MiniFmriEncoder
{
    public const int SurfaceVertices = MiniOptions.SurfaceVertices;

    private const double NoiseSd = 1.0;
    private const double DriftAmplitude = 2.0;

    /// <summary>Cells per side of the retinotopic colour map.</summary>
    private const int RetinotopicGrid = 4;

    /// <summary>Scale of a retinotopic feature: a cell's mean colour as a fraction of full intensity, times this.</summary>
    private const double RetinotopicScale = 2.0;

    private readonly double[][] weights;
    private readonly double[] baseline;
    private readonly CiftiBrainModel[] models;
    private readonly int width;
    private readonly int height;

    public MiniFmriEncoder(MiniOptions options, Random random)
    {
        var vertices = options.LeftVertices + options.RightVertices;
        width = options.Width;
        height = options.Height;
        models =
        [
            new CiftiBrainModel("CIFTI_STRUCTURE_CORTEX_LEFT", 0, options.LeftVertices, SurfaceVertices, SurfaceIndices(random, options.LeftVertices)),
            new CiftiBrainModel("CIFTI_STRUCTURE_CORTEX_RIGHT", options.LeftVertices, options.RightVertices, SurfaceVertices, SurfaceIndices(random, options.RightVertices)),
        ];
        weights = new double[vertices][];
        baseline = new double[vertices];
        for (var v = 0; v < vertices; v++)
        {
            var responsive = random.NextDouble() < 0.5;
            weights[v] = Enumerable.Range(0, FeatureCount).Select(_ => responsive ? 1.5 * Gaussian(random) : 0.0).ToArray();
            baseline[v] = 800 + (200 * random.NextDouble());
        }

        ResponsiveVertices = [.. Enumerable.Range(0, vertices).Where(v => weights[v].Any(x => x != 0))];
    }

    /// <summary>Gets the length of a scene's feature vector: abstract features, then the retinotopic map.</summary>
    public static int FeatureCount => AbstractFeatureCount + (RetinotopicGrid * RetinotopicGrid * 3);

    /// <summary>Gets the grayordinate indices (CIFTI rows, left then right cortex) of the vertices that encode the scene.</summary>
    public IReadOnlyList<int> ResponsiveVertices { get; }

    private static int AbstractFeatureCount => SceneSampler.ObjectNames.Length + 3 + 2 + 2 + 1 + 2;

    /// <summary>Returns the feature vector the encoding reads from a scene (zeros for a blank screen).</summary>
    public double[] Features(ClipScene? scene)
    {
        var f = new double[FeatureCount];
        if (scene is null)
        {
            return f;
        }

        foreach (var o in scene.Objects)
        {
            f[Array.IndexOf(SceneSampler.ObjectNames, o.Name)] = 1.0;
        }

        var first = scene.Moving;
        var k = SceneSampler.ObjectNames.Length;
        var (x, y) = first.CentreAt(1.0);
        f[k] = first.Colour[0] / 255.0;
        f[k + 1] = first.Colour[1] / 255.0;
        f[k + 2] = first.Colour[2] / 255.0;
        f[k + 3] = (x - 0.5) * 4;
        f[k + 4] = (y - 0.5) * 4;
        f[k + 5] = first.Vx * 10;
        f[k + 6] = first.Vy * 10;
        f[k + 7] = (first.Size - 0.12) * 20;
        f[k + 8 + (scene.Ground == "water" ? 0 : 1)] = 1.0;
        var cells = SceneRenderer.CellColours(scene, 1.0, width, height, RetinotopicGrid, samples: 8);
        for (var i = 0; i < cells.Length; i++)
        {
            f[AbstractFeatureCount + i] = RetinotopicScale * cells[i] / 255.0;
        }

        return f;
    }

    /// <summary>Writes one run: <paramref name="scenes"/>[i] is shown during trimmed volume i.</summary>
    public void WriteRun(string path, IReadOnlyList<ClipScene> scenes, int volumes, int trimStart, Random random)
    {
        var vertices = weights.Length;
        var data = new float[vertices * volumes];

        // An unresponsive vertex's weights are all zero: skipping its sum (half the vertices) leaves every value as it was.
        var responsive = weights.Select(w => w.Any(x => x != 0)).ToArray();
        var sceneFeatures = scenes.Select(Features).ToArray();
        var blank = Features(null);
        var features = Enumerable.Range(0, volumes)
            .Select(t => t - trimStart is var i && i >= 0 && i < scenes.Count ? sceneFeatures[i] : blank)
            .ToArray();
        for (var v = 0; v < vertices; v++)
        {
            var drift = Enumerable.Range(0, 4).Select(_ => DriftAmplitude * Gaussian(random)).ToArray();
            for (var t = 0; t < volumes; t++)
            {
                var u = ((2.0 * t) / (volumes - 1)) - 1.0;
                var signal = 0.0;
                for (var j = 0; responsive[v] && j < FeatureCount; j++)
                {
                    signal += weights[v][j] * features[t][j];
                }

                var trend = (drift[0] * u) + (drift[1] * u * u) + (drift[2] * u * u * u) + (drift[3] * u * u * u * u);
                data[(v * volumes) + t] = (float)(baseline[v] + signal + trend + (NoiseSd * Gaussian(random)));
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        CiftiWriter.Write(path, models, volumes, data);
    }

    private static int[] SurfaceIndices(Random random, int count) =>
        Enumerable.Range(0, SurfaceVertices).OrderBy(_ => random.Next()).Take(count).Order().ToArray();

    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
