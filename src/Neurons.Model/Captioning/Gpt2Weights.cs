using System.Text.RegularExpressions;
using Neurons.Model.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace Neurons.Model.Captioning;

/// <summary>
/// Loads Hugging Face GPT-2 weights (<c>model.safetensors</c> of the <c>gpt2</c> repository, or any
/// <c>GPT2LMHeadModel</c> saved with <c>save_pretrained</c>) into a <see cref="Gpt2LanguageModel"/> through the
/// project's <see cref="SafeTensorsReader"/>.
/// </summary>
/// <remarks>
/// Key names may carry the <c>transformer.</c> prefix (<c>save_pretrained</c>) or not (the hub's <c>gpt2</c> file).
/// Hugging Face stores <c>c_attn</c>, <c>c_proj</c> and <c>c_fc</c> as <c>Conv1D</c> weights [in, out]; they are
/// transposed into the model's <c>Linear</c> weights [out, in]. The causal-mask buffers <c>h.{i}.attn.bias</c> and
/// <c>h.{i}.attn.masked_bias</c> that older files carry are not weights and are skipped; an
/// <c>lm_head.weight</c>, when present, must equal <c>wte</c> (the head is tied). Everything else is strict: every
/// missing, unexpected or mis-shaped key is reported in one line. F16, BF16 and F64 files are converted to the
/// model's dtype.
/// </remarks>
public static partial class Gpt2Weights
{
    private static readonly string[] FloatDTypes = ["F16", "BF16", "F32", "F64"];
    private static readonly string[] Conv1DWeights = ["attn.c_attn.weight", "attn.c_proj.weight", "mlp.c_fc.weight", "mlp.c_proj.weight"];

    /// <summary>Copies the weights in <paramref name="safetensorsPath"/> into <paramref name="model"/> (strict, see remarks).</summary>
    /// <exception cref="InvalidDataException">The file's keys or shapes do not fit the model (one line listing them).</exception>
    public static void LoadHuggingFace(Gpt2LanguageModel model, string safetensorsPath)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(safetensorsPath);
        if (!File.Exists(safetensorsPath))
        {
            throw new FileNotFoundException($"GPT-2 weights not found: {safetensorsPath}", safetensorsPath);
        }

        using var reader = new SafeTensorsReader(safetensorsPath);
        var state = model.state_dict();
        var fileKeyOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        string? lmHead = null;
        foreach (var fileKey in reader.Entries.Keys)
        {
            if (MaskBuffer().IsMatch(fileKey))
            {
                continue;
            }

            if (fileKey == "lm_head.weight")
            {
                lmHead = fileKey;
                continue;
            }

            var key = fileKey.StartsWith("transformer.", StringComparison.Ordinal) ? fileKey : "transformer." + fileKey;
            if (!state.ContainsKey(key) || !fileKeyOf.TryAdd(key, fileKey))
            {
                problems.Add($"unexpected '{fileKey}'");
            }
        }

        foreach (var (key, t) in state)
        {
            if (!fileKeyOf.TryGetValue(key, out var fileKey))
            {
                problems.Insert(0, $"missing '{key}'");
                continue;
            }

            var entry = reader.Entries[fileKey];
            var expected = IsConv1D(key) ? t.shape.Reverse().ToArray() : t.shape;
            if (!entry.Shape.SequenceEqual(expected) || !FloatDTypes.Contains(entry.DType))
            {
                problems.Add($"'{fileKey}' is {entry.DType}[{string.Join(", ", entry.Shape)}], the model expects float[{string.Join(", ", expected)}]{(IsConv1D(key) ? " (Conv1D [in, out])" : string.Empty)}");
            }
        }

        if (lmHead is not null)
        {
            var entry = reader.Entries[lmHead];
            var wte = state["transformer.wte.weight"];
            if (!entry.Shape.SequenceEqual(wte.shape))
            {
                problems.Add($"'{lmHead}' is {entry.DType}[{string.Join(", ", entry.Shape)}], the tied head expects [{string.Join(", ", wte.shape)}]");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidDataException(
                $"{safetensorsPath}: GPT-2 weights do not fit the '{model.Config.Name}' model ({model.Config.Layers} layers, width {model.Config.Width}, vocab {model.Config.VocabSize}, positions {model.Config.Positions}): " +
                $"{string.Join("; ", problems.Take(8))}{(problems.Count > 8 ? $" (+{problems.Count - 8} more)" : string.Empty)}");
        }

        using var noGrad = no_grad();
        foreach (var (key, t) in state)
        {
            using var saved = reader.Read(fileKeyOf[key]);
            using var value = IsConv1D(key) ? saved.t() : saved.alias();
            t.copy_(value);
        }

        if (lmHead is not null)
        {
            using var head = reader.Read(lmHead);
            using var asModel = head.to(state["transformer.wte.weight"].dtype);
            if (!asModel.allclose(state["transformer.wte.weight"], rtol: 0, atol: 0))
            {
                throw new InvalidDataException($"{safetensorsPath}: 'lm_head.weight' differs from 'wte.weight'; this GPT-2 ties its head to wte and cannot load an untied head");
            }
        }
    }

    private static bool IsConv1D(string key) => Conv1DWeights.Any(s => key.EndsWith(s, StringComparison.Ordinal));

    [GeneratedRegex(@"^(transformer\.)?h\.\d+\.attn\.(bias|masked_bias)$", RegexOptions.CultureInvariant)]
    private static partial Regex MaskBuffer();
}
