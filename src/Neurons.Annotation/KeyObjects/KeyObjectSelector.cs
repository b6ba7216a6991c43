namespace Neurons.Annotation.KeyObjects;

/// <summary>
/// Chooses a clip's key object from its per-frame object masks by the rules of NEURONS'
/// <c>find_key_obj.py</c> (docs/concepts.md § Key objects): background categories are skipped; for each pair of
/// consecutive frames (frames that have masks, in ascending order) every object followed from the
/// previous frame adds the distance its centroid moved to its category's total (× the priority weight
/// for priority categories), and its category's area becomes its area on the later frame; categories
/// are ordered by total, largest first (ties: the one followed first). <see cref="KeyObjectMode"/>
/// says how objects are followed and which filters and fallbacks apply.
/// </summary>
public sealed class KeyObjectSelector
{
    private readonly KeyObjectCategories categories;

    /// <summary>Initializes a new instance of the <see cref="KeyObjectSelector"/> class.</summary>
    public KeyObjectSelector(KeyObjectCategories categories, KeyObjectSettings settings)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.TopK, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.FrameCount, 1);
        this.categories = categories;
        Settings = settings;
    }

    /// <summary>Gets the settings.</summary>
    public KeyObjectSettings Settings { get; }

    /// <summary>Chooses the key object of one clip; <paramref name="masks"/> are in table order (their order within a frame is the label index).</summary>
    /// <param name="masks">Every mask of the clip.</param>
    /// <param name="width">The frame width, used for the empty masks when the clip has none.</param>
    /// <param name="height">The frame height, likewise.</param>
    public KeyObjectChoice Select(IReadOnlyList<ObjectMask> masks, int width = 224, int height = 224)
    {
        if (masks.Count > 0)
        {
            width = masks[0].Width;
            height = masks[0].Height;
        }

        var geometry = masks.ToDictionary(m => m, m => MaskGeometry.Of(m.Bits, m.Width, m.Height), (IEqualityComparer<ObjectMask>)ReferenceEqualityComparer.Instance);
        var ranking = Rank(masks, geometry);
        var (chosen, reason, ordering) = Choose(ranking, masks, geometry);
        if (chosen is null)
        {
            var empty = Enumerable.Range(0, Settings.FrameCount).Select(_ => new byte[PackedLength(width, height)]).ToList();
            return new KeyObjectChoice(KeyObjectChoice.NoneName, KeyObjectReason.None, [], ranking, 0, 0, width, height, empty);
        }

        var frameMasks = new List<byte[]>(Settings.FrameCount);
        for (var frame = 0; frame < Settings.FrameCount; frame++)
        {
            var last = masks.LastOrDefault(m => m.Frame == frame && string.Equals(m.Label, chosen.Category, StringComparison.OrdinalIgnoreCase));
            frameMasks.Add(last is null ? new byte[PackedLength(width, height)] : last.Bits);
        }

        var top = ordering.Take(Settings.TopK).Select(c => c.Category).ToList();
        return new KeyObjectChoice(chosen.Category, reason, top, ranking, chosen.Displacement, chosen.Area, width, height, frameMasks);
    }

    private static int PackedLength(int width, int height) => (int)(((long)width * height + 7) / 8);

    private List<CategoryScore> Rank(IReadOnlyList<ObjectMask> masks, Dictionary<ObjectMask, MaskGeometry> geometry)
    {
        var frames = masks.GroupBy(m => m.Frame).OrderBy(g => g.Key).Select(g => Identify(g.ToList())).ToList();
        var totals = new Dictionary<string, (double Displacement, double Area, int Order)>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < frames.Count; i++)
        {
            var previous = frames[i - 1];
            foreach (var (id, mask) in frames[i])
            {
                if (categories.Background.Contains(mask.Label))
                {
                    continue;
                }

                var current = geometry[mask];
                if (current.IsEmpty || !previous.TryGetValue(id, out var before) || geometry[before].IsEmpty)
                {
                    continue;
                }

                var old = geometry[before];
                var distance = Math.Sqrt(Math.Pow(current.CenterX - old.CenterX, 2) + Math.Pow(current.CenterY - old.CenterY, 2));
                if (categories.Priority.Contains(mask.Label))
                {
                    distance *= Settings.PriorityWeight;
                }

                var area = current.Area / ((double)mask.Width * mask.Height);
                totals[mask.Label] = totals.TryGetValue(mask.Label, out var sum)
                    ? (sum.Displacement + distance, area, sum.Order)
                    : (distance, area, totals.Count);
            }
        }

        return totals
            .OrderByDescending(t => t.Value.Displacement)
            .ThenBy(t => t.Value.Order)
            .Select(t => new CategoryScore(t.Key, t.Value.Displacement, t.Value.Area))
            .ToList();
    }

    // The identity that links a mask to the previous frame: its label index (position among the
    // frame's masks) in reference mode; its name and occurrence among same-named masks in paper mode.
    private Dictionary<string, ObjectMask> Identify(List<ObjectMask> frameMasks)
    {
        var ids = new Dictionary<string, ObjectMask>(StringComparer.Ordinal);
        var occurrences = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < frameMasks.Count; i++)
        {
            var mask = frameMasks[i];
            string id;
            if (Settings.Mode == KeyObjectMode.Reference)
            {
                id = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                var n = occurrences.GetValueOrDefault(mask.Label);
                occurrences[mask.Label] = n + 1;
                id = $"{mask.Label.ToLowerInvariant()}#{n}";
            }

            ids[id] = mask;
        }

        return ids;
    }

    private (CategoryScore? Chosen, KeyObjectReason Reason, IReadOnlyList<CategoryScore> Ordering) Choose(
        List<CategoryScore> ranking,
        IReadOnlyList<ObjectMask> masks,
        Dictionary<ObjectMask, MaskGeometry> geometry)
    {
        if (Settings.Mode == KeyObjectMode.Reference)
        {
            var priority = ranking.Where(c => categories.Priority.Contains(c.Category)).ToList();
            if (priority.Count > 0)
            {
                return (priority[0], KeyObjectReason.Priority, priority);
            }

            var small = ranking.Where(c => c.Area < Settings.MaxArea).ToList();
            if (small.Count > 0)
            {
                return (small[0], KeyObjectReason.Moving, small);
            }

            return ranking.Count > 0 ? (ranking[0], KeyObjectReason.MovingLarge, ranking) : (null, KeyObjectReason.None, []);
        }

        var candidates = ranking.Where(c => c.Area < Settings.MaxArea).ToList();
        var priorityCandidates = candidates.Where(c => categories.Priority.Contains(c.Category)).ToList();
        if (priorityCandidates.Count > 0)
        {
            return (priorityCandidates[0], KeyObjectReason.Priority, priorityCandidates);
        }

        if (candidates.Count > 0)
        {
            return (candidates[0], KeyObjectReason.Moving, candidates);
        }

        // Paper fallback: the largest non-background object, by mean area over the frames it is on.
        var largest = masks
            .Where(m => !categories.Background.Contains(m.Label) && !geometry[m].IsEmpty)
            .GroupBy(m => m.Label, StringComparer.OrdinalIgnoreCase)
            .Select(g => new CategoryScore(g.First().Label, 0, g.Average(m => geometry[m].Area / ((double)m.Width * m.Height))))
            .OrderByDescending(c => c.Area)
            .ToList();
        return largest.Count > 0 ? (largest[0], KeyObjectReason.Largest, largest) : (null, KeyObjectReason.None, []);
    }
}
