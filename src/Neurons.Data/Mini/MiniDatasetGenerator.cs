using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Neurons.Data.Cc2017;
using Neurons.Data.Imaging;
using Neurons.Data.Video;
using Neurons.Files;

namespace Neurons.Data.Mini;

/// <summary>
/// Writes the mini subset: a synthetic dataset in the exact cc2017 layout (movies, CIFTI-2 runs with
/// repeats) whose scenes are known, plus what a perfect annotator would give (captions and object
/// tags in the NEURONS release format, per-frame object masks as PNG) and <c>mini.json</c> with the
/// truth. Deterministic for a seed. The dataset appears at its final path only when complete.
/// </summary>
public static partial class MiniDatasetGenerator
{
    /// <summary>The frame size of clips and masks.</summary>
    public const int ClipSize = 224;

    /// <summary>The file that marks a folder as a generated mini subset.</summary>
    public const string ManifestName = "mini.json";

    /// <summary>The version of what the generator writes; bump it when the same options give different files.</summary>
    public const int GeneratorVersion = 2;

    private const string OldSuffix = ".replaced";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Generates the subset at <paramref name="root"/>, which must not exist yet.</summary>
    public static void Generate(string root, MiniOptions options, CancellationToken cancellationToken) =>
        GenerateAsync(root, options, cancellationToken).GetAwaiter().GetResult();

    /// <summary>Generates the subset at <paramref name="root"/>, which must not exist yet.</summary>
    public static Task GenerateAsync(string root, MiniOptions options, CancellationToken cancellationToken) =>
        GenerateAsync(root, options, replace: false, cancellationToken);

    /// <summary>
    /// Generates the subset at <paramref name="root"/>. The files are written into a temporary folder beside
    /// it (<c>&lt;root&gt;.tmp-&lt;host&gt;_&lt;pid&gt;</c>; one left by a killed run is removed once its owner is provably
    /// dead) and moved into place when complete. With <paramref name="replace"/>, an existing mini subset is
    /// replaced, and only the files its manifest says the generator wrote are removed; a folder holding
    /// anything else is refused.
    /// </summary>
    /// <exception cref="IOException"><paramref name="root"/> exists (without <paramref name="replace"/>), is not a mini subset, or holds files the generator did not write.</exception>
    public static async Task GenerateAsync(string root, MiniOptions options, bool replace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var parent = Path.GetDirectoryName(root)!;
        var name = Path.GetFileName(root);
        TempOwner.DeleteStale(parent, final => final == name || final == name + OldSuffix);
        if (File.Exists(root) || (Directory.Exists(root) && !replace))
        {
            throw new IOException($"{root} already exists; refusing to overwrite it");
        }

        if (Directory.Exists(root))
        {
            CheckReplaceable(root);
        }

        var temp = Path.Combine(parent, TempOwner.Name(name));
        if (Directory.Exists(temp))
        {
            Directory.Delete(temp, recursive: true);
        }

        try
        {
            var scenes = SampleScenes(options);
            foreach (var (segment, list) in scenes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await WriteMovieAsync(temp, segment, list, options, cancellationToken).ConfigureAwait(false);
                WriteMasks(temp, list, options, cancellationToken);
            }

            var responsive = WriteFmri(temp, scenes, options, cancellationToken);
            WriteAnnotations(temp, scenes);
            WriteManifest(temp, scenes, options, responsive);
            cancellationToken.ThrowIfCancellationRequested();
            Directory.CreateDirectory(parent);
            if (Directory.Exists(root))
            {
                var old = Path.Combine(parent, TempOwner.Name(name + OldSuffix));
                CheckReplaceable(root);
                Directory.Move(root, old);
                Directory.Move(temp, root);
                RemoveGeneratedFiles(old);
            }
            else
            {
                Directory.Move(temp, root);
            }
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }

    /// <summary>
    /// Returns the files under <paramref name="root"/> that the generator did not write (paths relative to it,
    /// with <c>/</c>), judged by its manifest's file list; every file when it has no manifest.
    /// </summary>
    public static IReadOnlyList<string> ForeignFiles(string root)
    {
        var present = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        var manifest = Path.Combine(root, ManifestName);
        if (!File.Exists(manifest))
        {
            return present;
        }

        HashSet<string>? written = null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(manifest));
            if (document.RootElement.TryGetProperty("files", out var files) && files.ValueKind == JsonValueKind.Array)
            {
                written = files.EnumerateArray().Where(f => f.ValueKind == JsonValueKind.String).Select(f => f.GetString()!).ToHashSet(StringComparer.Ordinal);
            }
        }
        catch (JsonException)
        {
            return present;
        }

        // Subsets written before the manifest listed its files: the generator's own layout.
        Func<string, bool> ours = written is null ? p => LegacyLayout().IsMatch(p) : written.Contains;
        return present.Where(p => p != ManifestName && !ours(p)).ToList();
    }

    /// <summary>
    /// Returns why the mini subset at <paramref name="root"/> differs from what <paramref name="options"/>
    /// would generate now (another generator version or other options), or null when it matches.
    /// </summary>
    public static string? Mismatch(string root, MiniOptions options)
    {
        var manifest = Path.Combine(root, ManifestName);
        if (!File.Exists(manifest))
        {
            return $"it has no {ManifestName}";
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(manifest));
        var version = document.RootElement.TryGetProperty("version", out var v) ? v.GetInt32() : 0;
        if (version != GeneratorVersion)
        {
            return $"it was written by generator version {version}, this is version {GeneratorVersion}";
        }

        var written = document.RootElement.GetProperty("options");
        using var wanted = JsonDocument.Parse(JsonSerializer.Serialize(options));
        var differences = wanted.RootElement.EnumerateObject()
            .Where(p => !written.TryGetProperty(p.Name, out var w) || w.GetRawText() != p.Value.GetRawText())
            .Select(p => $"{p.Name} {(written.TryGetProperty(p.Name, out var w) ? w.GetRawText() : "unset")} instead of {p.Value.GetRawText()}")
            .ToList();
        return differences.Count == 0 ? null : $"it was generated with {string.Join(", ", differences)}";
    }

    /// <summary>Returns the scenes of every segment in canonical order (seg1…, test1…).</summary>
    internal static List<(string Segment, List<ClipScene> Scenes)> SampleScenes(MiniOptions options)
    {
        var sampler = new SceneSampler(new Random(options.Seed));
        var segments = Enumerable.Range(1, options.TrainSegments).Select(i => ($"seg{i}", Cc2017Layout.TrainSplit))
            .Concat(Enumerable.Range(1, options.TestSegments).Select(i => ($"test{i}", Cc2017Layout.TestSplit)));
        return segments.Select(s =>
        {
            var number = Cc2017Layout.SegmentNumber(s.Item1);
            var list = Enumerable.Range(0, options.TrsPerSegment)
                .Select(tr => sampler.Next(s.Item1, s.Item2, tr, ((number - 1) * options.TrsPerSegment) + tr))
                .ToList();
            return (s.Item1, list);
        }).ToList();
    }

    private static void CheckReplaceable(string root)
    {
        if (!File.Exists(Path.Combine(root, ManifestName)))
        {
            throw new IOException($"{root} exists and is not a generated mini subset (no {ManifestName}); choose another folder");
        }

        var foreign = ForeignFiles(root);
        if (foreign.Count > 0)
        {
            var named = string.Join(", ", foreign.Take(3)) + (foreign.Count > 3 ? $" and {foreign.Count - 3} more" : string.Empty);
            throw new IOException($"{root} holds files the mini generator did not write ({named}); move them away or choose another folder");
        }
    }

    /// <summary>Removes a replaced subset: only the files the generator wrote, then the folders left empty; anything else stays.</summary>
    private static void RemoveGeneratedFiles(string root)
    {
        var foreign = ForeignFiles(root).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToList())
        {
            if (!foreign.Contains(Path.GetRelativePath(root, file).Replace('\\', '/')))
            {
                File.Delete(file);
            }
        }

        foreach (var folder in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length).Append(root))
        {
            if (!Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }
    }

    private static async Task WriteMovieAsync(string root, string segment, List<ClipScene> scenes, MiniOptions options, CancellationToken cancellationToken)
    {
        var path = Cc2017Layout.MoviePath(root, segment);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        IEnumerable<byte[]> Frames()
        {
            foreach (var scene in scenes)
            {
                for (var f = 0; f < Cc2017Layout.SourceFramesPerTr; f++)
                {
                    var frame = new byte[options.Width * options.Height * 3];
                    SceneRenderer.DrawFrame(scene, (double)f / Cc2017Layout.SourceFps, options.Width, options.Height, frame);
                    yield return frame;
                }
            }
        }

        await Mp4Encoder.EncodeAsync(path, Frames(), options.Width, options.Height, Cc2017Layout.SourceFps, crf: 18, cancellationToken).ConfigureAwait(false);
    }

    private static void WriteMasks(string root, List<ClipScene> scenes, MiniOptions options, CancellationToken cancellationToken)
    {
        foreach (var scene in scenes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var folder = Path.Combine(root, "annotations", "masks", scene.Split);
            Directory.CreateDirectory(folder);
            for (var k = 0; k < 6; k++)
            {
                var t = (k * 10.0) / Cc2017Layout.SourceFps;
                var masks = SceneRenderer.Masks(scene, t, options.Width, options.Height, ClipSize, ClipSize);
                for (var i = 0; i < masks.Length; i++)
                {
                    var pixels = masks[i].Select(b => b ? (byte)255 : (byte)0).ToArray();
                    var name = string.Create(CultureInfo.InvariantCulture, $"mask_{scene.SplitIndex}_f{k}_{scene.Tags[i]}.png");
                    File.WriteAllBytes(Path.Combine(folder, name), PngEncoder.Encode(ClipSize, ClipSize, 1, pixels));
                }
            }
        }
    }

    /// <summary>Writes every subject's runs; returns each subject's responsive grayordinates.</summary>
    private static Dictionary<string, IReadOnlyList<int>> WriteFmri(string root, List<(string Segment, List<ClipScene> Scenes)> scenes, MiniOptions options, CancellationToken cancellationToken)
    {
        var responsive = new Dictionary<string, IReadOnlyList<int>>();
        for (var subject = 1; subject <= options.Subjects; subject++)
        {
            var encoder = new MiniFmriEncoder(options, new Random((options.Seed * 1000) + subject));
            responsive[$"subject{subject}"] = encoder.ResponsiveVertices;
            foreach (var (segment, list) in scenes)
            {
                var isTest = segment.StartsWith("test", StringComparison.Ordinal);
                var volumes = isTest && Cc2017Layout.SegmentNumber(segment) >= 2 ? 246 : 245;
                var trimStart = volumes == 246 ? 2 : 1;
                var repeats = isTest ? 10 : 2;
                for (var repeat = 1; repeat <= repeats; repeat++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    // A fixed arithmetic seed (HashCode.Combine is randomised per process), so the runs are identical in every process.
                    var noise = new Random(NoiseSeed(options.Seed, subject, Cc2017Layout.SegmentNumber(segment), isTest, repeat));
                    encoder.WriteRun(Cc2017Layout.CiftiPath(root, subject, segment, repeat), list, volumes, trimStart, noise);
                }
            }
        }

        return responsive;
    }

    private static int NoiseSeed(int seed, int subject, int segment, bool isTest, int repeat)
    {
        long value = seed;
        foreach (var part in new[] { subject, segment, isTest ? 1 : 0, repeat })
        {
            value = (value * 1_000_003) + part;
        }

        return (int)(value & int.MaxValue);
    }

    private static void WriteAnnotations(string root, List<(string Segment, List<ClipScene> Scenes)> scenes)
    {
        var folder = Path.Combine(root, "annotations");
        Directory.CreateDirectory(folder);
        foreach (var split in new[] { Cc2017Layout.TrainSplit, Cc2017Layout.TestSplit })
        {
            var entries = scenes.SelectMany(s => s.Scenes).Where(c => c.Split == split)
                .Select(c => new { idx = c.SplitIndex, caption = c.Caption, tags = c.Tags });
            File.WriteAllBytes(Path.Combine(folder, $"qwen_{split}_caption_tag.json"), JsonSerializer.SerializeToUtf8Bytes(entries));
        }
    }

    private static void WriteManifest(string root, List<(string Segment, List<ClipScene> Scenes)> scenes, MiniOptions options, Dictionary<string, IReadOnlyList<int>> responsive)
    {
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        var manifest = new
        {
            generator = "neurons-mini",
            version = GeneratorVersion,
            options,
            responsive_vertices = responsive,
            files,
            clips = scenes.SelectMany(s => s.Scenes).Select(c => new
            {
                clip_id = Cc2017Layout.ClipId(c.Segment, c.TrIndex),
                split = c.Split,
                split_index = c.SplitIndex,
                caption = c.Caption,
                ground = c.Ground,
                moving_object = c.Moving.Name,
                objects = c.Objects.Select(o => new { name = o.Name, colour = o.ColourName, x0 = o.X0, y0 = o.Y0, vx = o.Vx, vy = o.Vy, size = o.Size }),
            }),
        };
        File.WriteAllBytes(Path.Combine(root, ManifestName), JsonSerializer.SerializeToUtf8Bytes(manifest, Json));
    }

    [GeneratedRegex(@"^(stimuli/(seg|test)[0-9]+\.mp4|subject[0-9]+/fmri/(seg|test)[0-9]+/cifti/[A-Za-z0-9_]+\.dtseries\.nii|annotations/masks/(train|test)/mask_[0-9]+_f[0-9]_[a-z]+\.png|annotations/qwen_(train|test)_caption_tag\.json)$")]
    private static partial Regex LegacyLayout();
}
