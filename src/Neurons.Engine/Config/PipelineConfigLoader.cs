using System.Collections;
using System.Globalization;

namespace Neurons.Engine.Config;

/// <summary>
/// Loads <c>pipeline.yaml</c>: the base keys, deep-merged with the selected profile, then environment
/// variables <c>NEURONS__a__b=value</c> (e.g. <c>NEURONS__stages__slice__resize=crop</c>).
/// The profile is chosen by the argument, else <c>NEURONS_PROFILE</c>, else the file's <c>profile</c> key.
/// </summary>
public static class PipelineConfigLoader
{
    /// <summary>The environment variable prefix for overrides.</summary>
    public const string EnvironmentPrefix = "NEURONS__";

    private const string EnvironmentOrigin = "environment";

    /// <summary>Loads the configuration.</summary>
    public static PipelineConfig Load(string file, string? profile, IDictionary environment)
    {
        var display = DisplayPath(file);
        if (!File.Exists(file))
        {
            throw new ConfigException(display, "(file)", "configuration file not found (pass --config PATH)");
        }

        var root = YamlTree.ParseMapping(File.ReadAllText(file), display);
        var values = new SortedDictionary<string, ConfigValue>(StringComparer.Ordinal);
        Flatten(root.Where(kv => kv.Key is not ("profiles" or "profile")), string.Empty, string.Empty, display, values);

        var profiles = root.GetValueOrDefault("profiles") switch
        {
            null => new Dictionary<string, object?>(),
            Dictionary<string, object?> map => map,
            _ => throw new ConfigException(display, "profiles", "expected a mapping of profile names"),
        };
        var selected = profile ?? environment["NEURONS_PROFILE"] as string ?? root.GetValueOrDefault("profile") as string;
        if (!string.IsNullOrEmpty(selected))
        {
            if (!profiles.TryGetValue(selected, out var body))
            {
                throw new ConfigException(display, "profiles", $"unknown profile '{selected}' (known: {string.Join(", ", profiles.Keys)})");
            }

            if (body is not Dictionary<string, object?> profileMap)
            {
                throw new ConfigException(display, $"profiles.{selected}", "expected a mapping");
            }

            Flatten(profileMap, string.Empty, $"profiles.{selected}.", display, values);
        }

        foreach (DictionaryEntry entry in environment)
        {
            if (entry.Key is string name && name.StartsWith(EnvironmentPrefix, StringComparison.Ordinal) && entry.Value is string text)
            {
                var path = string.Join('.', name[EnvironmentPrefix.Length..].Split("__")).ToLowerInvariant();
                var raw = YamlTree.Parse(text, EnvironmentOrigin, name);
                values[path] = new ConfigValue(raw ?? string.Empty, EnvironmentOrigin, name);
            }
        }

        return Interpret(file, display, string.IsNullOrEmpty(selected) ? null : selected, values);
    }

    /// <summary>Returns a path relative to the current directory when it lies beneath it.</summary>
    public static string DisplayPath(string path)
    {
        var full = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, full);
        return relative.StartsWith("..", StringComparison.Ordinal) ? full : relative;
    }

    private static void Flatten(IEnumerable<KeyValuePair<string, object?>> map, string prefix, string origin, string file, IDictionary<string, ConfigValue> into)
    {
        foreach (var (key, value) in map)
        {
            if (value is Dictionary<string, object?> child)
            {
                Flatten(child, $"{prefix}{key}.", $"{origin}{key}.", file, into);
            }
            else
            {
                into[prefix + key] = new ConfigValue(value, file, origin + key);
            }
        }
    }

    private static PipelineConfig Interpret(string file, string display, string? profile, SortedDictionary<string, ConfigValue> values)
    {
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(file))!;
        string? workspace = null;
        string? datasetPath = null;
        ConfigValue? datasetOrigin = null;
        string? generate = null;
        var datasetOptions = new Dictionary<string, ConfigValue>(StringComparer.Ordinal);
        var maxParallel = Environment.ProcessorCount;
        var overrides = new Dictionary<string, Dictionary<string, ConfigValue>>(StringComparer.Ordinal);
        var slurm = new Dictionary<string, ConfigValue>(StringComparer.Ordinal);

        foreach (var (path, value) in values)
        {
            var parts = path.Split('.');
            switch (parts)
            {
                case ["workspace"]:
                    workspace = Path.GetFullPath(Scalar(value), baseDirectory);
                    if (FirstFileAlong(workspace) is { } blocking)
                    {
                        throw new ConfigException(value.File, value.Key, $"{blocking} is a file; the workspace must be a folder (or not exist yet)");
                    }

                    break;
                case ["dataset"]:
                case ["dataset", "path"]:
                    datasetPath = Path.GetFullPath(Scalar(value), baseDirectory);
                    datasetOrigin = value;
                    break;
                case ["dataset", "generate"]:
                    generate = Scalar(value) is { Length: > 0 } g && g != "none" ? g : null;
                    break;
                case ["dataset", var option]:
                    datasetOptions[option] = value;
                    break;
                case ["run", "max_parallel"]:
                    maxParallel = PositiveInt(value);
                    break;
                case ["stages", var stage, var parameter]:
                    if (!overrides.TryGetValue(stage, out var stageOverrides))
                    {
                        overrides[stage] = stageOverrides = new Dictionary<string, ConfigValue>(StringComparer.Ordinal);
                    }

                    stageOverrides[parameter] = value;
                    break;
                case ["slurm", .. var slurmKey] when slurmKey.Length > 0:
                    slurm[string.Join('.', slurmKey)] = value;
                    break;
                case ["stages", _]:
                    if (value.Raw is not null)
                    {
                        throw new ConfigException(value.File, value.Key, "expected a mapping of parameter names to values");
                    }

                    break;
                default:
                    throw new ConfigException(value.File, value.Key, "unknown key (known: profile, profiles, workspace, dataset.path, dataset.generate, dataset.<option>, run.max_parallel, stages.<stage>.<param>, slurm.<option>)");
            }
        }

        return new PipelineConfig
        {
            File = Path.GetFullPath(file),
            Profile = profile,
            Workspace = workspace ?? throw new ConfigException(display, "workspace", "required: the directory where tables are written"),
            Dataset = new DatasetConfig(
                datasetPath ?? throw new ConfigException(display, "dataset.path", "required: the cc2017 dataset root"),
                datasetOrigin!,
                generate,
                datasetOptions),
            MaxParallel = maxParallel,
            StageOverrides = overrides.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, ConfigValue>)kv.Value, StringComparer.Ordinal),
            Slurm = slurm,
        };
    }

    private static string Scalar(ConfigValue value) =>
        value.Raw as string ?? throw new ConfigException(value.File, value.Key, "expected a single value");

    private static int PositiveInt(ConfigValue value) =>
        int.TryParse(Scalar(value), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ConfigException(value.File, value.Key, $"expected a positive integer, got '{value.Raw}'");

    private static string? FirstFileAlong(string path)
    {
        for (var current = path; !string.IsNullOrEmpty(current); current = Path.GetDirectoryName(current))
        {
            if (File.Exists(current))
            {
                return current;
            }

            if (Directory.Exists(current))
            {
                return null;
            }
        }

        return null;
    }
}
