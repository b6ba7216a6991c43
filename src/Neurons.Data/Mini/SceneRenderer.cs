namespace Neurons.Data.Mini;

/// <summary>
/// Rasterises mini scenes: a sky above the horizon, a ground region (water or road) below, and simple
/// shapes per object class. Frames are drawn at the movie size; masks on any grid (e.g. 224×224, the
/// squashed clip frame) by sampling the same shapes.
/// </summary>
internal static class SceneRenderer
{
    public const double Horizon = 0.55;

    private static readonly byte[] Sky = [135, 196, 235];
    private static readonly byte[] Water = [30, 90, 160];
    private static readonly byte[] Road = [95, 95, 95];

    /// <summary>Draws the frame at <paramref name="t"/> seconds into the clip as RGB bytes.</summary>
    public static void DrawFrame(ClipScene scene, double t, int width, int height, Span<byte> rgb)
    {
        var ground = scene.Ground == "water" ? Water : Road;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var colour = Label(scene, t, (x + 0.5) / width, (y + 0.5) / height, width, height) switch
                {
                    -2 => Sky,
                    -1 => ground,
                    var i => scene.Objects[i].Colour,
                };
                colour.CopyTo(rgb.Slice(((y * width) + x) * 3, 3));
            }
        }
    }

    /// <summary>
    /// Returns masks for every tag of the clip at time <paramref name="t"/> on a <paramref name="gridWidth"/>×<paramref name="gridHeight"/>
    /// grid: the visible pixels of each object, and of the ground region (sky is not a tag).
    /// </summary>
    public static bool[][] Masks(ClipScene scene, double t, int sourceWidth, int sourceHeight, int gridWidth, int gridHeight)
    {
        var masks = new bool[scene.Objects.Count + 1][];
        for (var i = 0; i < masks.Length; i++)
        {
            masks[i] = new bool[gridWidth * gridHeight];
        }

        for (var y = 0; y < gridHeight; y++)
        {
            for (var x = 0; x < gridWidth; x++)
            {
                var label = Label(scene, t, (x + 0.5) / gridWidth, (y + 0.5) / gridHeight, sourceWidth, sourceHeight);
                if (label >= 0)
                {
                    masks[label][(y * gridWidth) + x] = true;
                }
                else if (label == -1)
                {
                    masks[^1][(y * gridWidth) + x] = true;
                }
            }
        }

        return masks;
    }

    /// <summary>Returns the front-most object index covering (u, v) (fractions), else −1 for ground, −2 for sky.</summary>
    private static int Label(ClipScene scene, double t, double u, double v, int width, int height)
    {
        for (var i = scene.Objects.Count - 1; i >= 0; i--)
        {
            var o = scene.Objects[i];
            var (cx, cy) = o.CentreAt(t);
            var s = o.Size * height;
            if (Inside(o.Name, ((u - cx) * width) / s, ((v - cy) * height) / s))
            {
                return i;
            }
        }

        return v < Horizon ? -2 : -1;
    }

    /// <summary>Shape membership in units of the object's half-size, centred on the object.</summary>
    private static bool Inside(string name, double x, double y) => name switch
    {
        "ball" => (x * x) + (y * y) <= 1,
        "dog" => Ellipse(x, y, 1.2, 0.6) || Circle(x - 1.1, y + 0.5, 0.4),
        "car" => (Math.Abs(x) <= 1.3 && y is >= -0.5 and <= 0.3) || Circle(x - 0.8, y - 0.45, 0.3) || Circle(x + 0.8, y - 0.45, 0.3),
        "fish" => Ellipse(x, y, 1.0, 0.5) || (x is >= -1.6 and <= -0.9 && Math.Abs(y) <= 0.6 * (-x - 0.9) / 0.7),
        "bird" => x is >= -1.0 and <= 1.0 && Math.Abs(y) <= 0.6 * (1.0 - x) / 2.0,
        "man" => Circle(x, y + 0.8, 0.3) || (Math.Abs(x) <= 0.3 && y is >= -0.5 and <= 1.0),
        "woman" => Circle(x, y + 0.8, 0.3) || (y is >= -0.5 and <= 1.0 && Math.Abs(x) <= 0.15 + (0.45 * (y + 0.5) / 1.5)),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown mini object"),
    };

    private static bool Circle(double x, double y, double r) => (x * x) + (y * y) <= r * r;

    private static bool Ellipse(double x, double y, double a, double b) => ((x / a) * (x / a)) + ((y / b) * (y / b)) <= 1;
}
