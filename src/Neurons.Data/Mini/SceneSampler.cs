namespace Neurons.Data.Mini;

/// <summary>
/// Draws random clip scenes (deterministic for a seed) and captions them. Each clip shows one or two
/// objects; only the first moves (in a straight line), a second one stands still, so every clip has
/// one well-defined moving object.
/// </summary>
internal sealed class SceneSampler
{
    public static readonly string[] ObjectNames = ["dog", "car", "fish", "bird", "ball", "man", "woman"];

    public static readonly (string Name, byte[] Rgb)[] Colours =
    [
        ("red", [220, 40, 40]),
        ("green", [40, 170, 60]),
        ("yellow", [240, 210, 40]),
        ("purple", [150, 60, 190]),
        ("orange", [245, 140, 30]),
        ("white", [245, 245, 245]),
        ("black", [20, 20, 20]),
    ];

    private readonly Random random;

    public SceneSampler(Random random)
    {
        this.random = random;
    }

    public ClipScene Next(string segment, string split, int tr, int splitIndex)
    {
        var count = random.NextDouble() < 0.3 ? 2 : 1;
        var names = ObjectNames.OrderBy(_ => random.Next()).Take(count).ToList();
        var objects = names.Select((name, index) =>
        {
            var (colourName, rgb) = Colours[random.Next(Colours.Length)];
            var speed = 0.05 + (0.12 * random.NextDouble());
            var horizontal = random.NextDouble() < 0.75;
            var sign = random.NextDouble() < 0.5 ? -1 : 1;
            return new SceneObject(
                name,
                colourName,
                rgb,
                X0: 0.3 + (0.4 * random.NextDouble()),
                Y0: 0.35 + (0.3 * random.NextDouble()),
                Vx: index > 0 ? 0.0 : horizontal ? sign * speed : 0.02 * sign,
                Vy: index > 0 || horizontal ? 0.0 : sign * speed * 0.8,
                Size: 0.09 + (0.06 * random.NextDouble()));
        }).ToList();
        var ground = random.NextDouble() < 0.5 ? "water" : "road";
        return new ClipScene(segment, split, tr, splitIndex, objects, ground, Caption(objects, ground));
    }

    private static string Caption(List<SceneObject> objects, string ground)
    {
        var first = objects[0];
        var where = ground == "water" ? "above the water" : "over the road";
        var verb = first.Name switch
        {
            "man" or "woman" => "walking",
            "fish" => "swimming",
            "bird" => "flying",
            "car" => "driving",
            "ball" => "rolling",
            _ => "running",
        };
        var direction = Math.Abs(first.Vx) >= Math.Abs(first.Vy) ? (first.Vx < 0 ? "left" : "right") : (first.Vy < 0 ? "up" : "down");
        var still = objects.Count == 2 ? $" past a {objects[1].ColourName} {objects[1].Name}" : string.Empty;
        return $"a {first.ColourName} {first.Name} {verb} {direction}{still} {where}";
    }
}
