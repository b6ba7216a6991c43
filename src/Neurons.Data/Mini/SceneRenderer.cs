namespace Neurons.Data.Mini;

/// <summary>
/// Rasterises mini scenes: a sky above the horizon, a ground region (water or road) below, and simple
/// shapes per object class. Frames are drawn at the movie size; masks on any grid (e.g. 224×224, the
/// squashed clip frame) by sampling the same shapes.
/// </summary>
internal static class SceneRenderer
{
    public const double Horizon = 0.55;

    /// <summary>Every shape lies within this many half-sizes of its centre (the fish tail reaches 1.6).</summary>
    private const double Reach = 2.0;

    private static readonly byte[] Sky = [135, 196, 235];
    private static readonly byte[] Water = [30, 90, 160];
    private static readonly byte[] Road = [95, 95, 95];

    /// <summary>Draws the frame at <paramref name="t"/> seconds into the clip as RGB bytes.</summary>
    public static void DrawFrame(ClipScene scene, double t, int width, int height, Span<byte> rgb)
    {
        var ground = scene.Ground == "water" ? Water : Road;
        var owner = Owners(scene, t, width, height, width, height);
        for (var p = 0; p < owner.Length; p++)
        {
            var colour = owner[p] switch
            {
                -2 => Sky,
                -1 => ground,
                var i => scene.Objects[i].Colour,
            };
            colour.CopyTo(rgb.Slice(p * 3, 3));
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

        var owner = Owners(scene, t, sourceWidth, sourceHeight, gridWidth, gridHeight);
        for (var p = 0; p < owner.Length; p++)
        {
            if (owner[p] >= 0)
            {
                masks[owner[p]][p] = true;
            }
            else if (owner[p] == -1)
            {
                masks[^1][p] = true;
            }
        }

        return masks;
    }

    /// <summary>
    /// Returns the mean colour (RGB, 0–255) of each cell of a <paramref name="grid"/>×<paramref name="grid"/> division of the
    /// frame at <paramref name="t"/> seconds (row-major cells, 3 values each), sampled at <paramref name="samples"/>² points per cell.
    /// </summary>
    public static double[] CellColours(ClipScene scene, double t, int width, int height, int grid, int samples)
    {
        var side = grid * samples;
        var owner = Owners(scene, t, width, height, side, side);
        var ground = scene.Ground == "water" ? Water : Road;
        var result = new double[grid * grid * 3];
        for (var y = 0; y < side; y++)
        {
            for (var x = 0; x < side; x++)
            {
                var colour = owner[(y * side) + x] switch
                {
                    -2 => Sky,
                    -1 => ground,
                    var i => scene.Objects[i].Colour,
                };
                var cell = ((y / samples * grid) + (x / samples)) * 3;
                for (var c = 0; c < 3; c++)
                {
                    result[cell + c] += colour[c] / (double)(samples * samples);
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Returns, per pixel of a <paramref name="gridWidth"/>×<paramref name="gridHeight"/> grid, the front-most object index
    /// covering its centre, else −1 for ground and −2 for sky: the sky and ground split at the horizon, then each object
    /// back to front (only the pixels of its bounding box are tested).
    /// </summary>
    private static int[] Owners(ClipScene scene, double t, int width, int height, int gridWidth, int gridHeight)
    {
        var owner = new int[gridWidth * gridHeight];
        for (var y = 0; y < gridHeight; y++)
        {
            Array.Fill(owner, (y + 0.5) / gridHeight < Horizon ? -2 : -1, y * gridWidth, gridWidth);
        }

        for (var i = 0; i < scene.Objects.Count; i++)
        {
            Cover(scene.Objects[i], i, t, width, height, gridWidth, gridHeight, owner);
        }

        return owner;
    }

    /// <summary>Sets <paramref name="owner"/> to <paramref name="index"/> at every grid pixel whose centre lies inside the object's shape at time <paramref name="t"/>.</summary>
    private static void Cover(SceneObject o, int index, double t, int width, int height, int gridWidth, int gridHeight, int[] owner)
    {
        var (cx, cy) = o.CentreAt(t);
        var s = o.Size * height;
        var halfU = (Reach * s) / width;
        var halfV = (Reach * s) / height;
        var x0 = Math.Max(0, (int)Math.Floor((cx - halfU) * gridWidth) - 1);
        var x1 = Math.Min(gridWidth - 1, (int)Math.Ceiling((cx + halfU) * gridWidth) + 1);
        var y0 = Math.Max(0, (int)Math.Floor((cy - halfV) * gridHeight) - 1);
        var y1 = Math.Min(gridHeight - 1, (int)Math.Ceiling((cy + halfV) * gridHeight) + 1);
        for (var y = y0; y <= y1; y++)
        {
            var v = (y + 0.5) / gridHeight;
            for (var x = x0; x <= x1; x++)
            {
                var u = (x + 0.5) / gridWidth;
                if (Inside(o.Name, ((u - cx) * width) / s, ((v - cy) * height) / s))
                {
                    owner[(y * gridWidth) + x] = index;
                }
            }
        }
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
