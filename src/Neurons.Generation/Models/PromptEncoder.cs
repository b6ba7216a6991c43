using Microsoft.ML.OnnxRuntime;
using Neurons.Vision.Clip;
using Neurons.Vision.Onnx;

namespace Neurons.Generation.Models;

/// <summary>
/// The CLIP ViT-L/14 text encoder giving per-token hidden states (the UNet's <c>encoder_hidden_states</c>):
/// prompts are tokenised with <see cref="ClipTokenizer"/>, truncated to 77 tokens with the end token kept,
/// and padded with the end token as SD-1.5's <c>CLIPTokenizer</c> does.
/// </summary>
public sealed class PromptEncoder : IDisposable
{
    private static readonly string[] InputNames = ["input_ids"];
    private readonly GraphSession graph;

    private PromptEncoder(GraphSession graph, ClipTokenizer tokenizer, int width)
    {
        this.graph = graph;
        Tokenizer = tokenizer;
        Width = width;
    }

    /// <summary>Gets the tokenizer.</summary>
    public ClipTokenizer Tokenizer { get; }

    /// <summary>Gets the hidden width (768 for ViT-L/14).</summary>
    public int Width { get; }

    /// <summary>Gets the context length (77).</summary>
    public int Tokens => Tokenizer.ContextLength;

    /// <summary>Loads and checks the model; the width is read from the graph (or <paramref name="width"/> when the graph leaves it dynamic).</summary>
    public static PromptEncoder Load(string path, ClipTokenizer tokenizer, OnnxSessionOptions options, int width = 768)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var resolved = width;
        var graph = GraphSession.Load(
            path,
            options,
            s =>
            {
                if (s.OutputMetadata.TryGetValue("last_hidden_state", out var meta) && meta.Dimensions.Length == 3 && meta.Dimensions[2] > 0)
                {
                    resolved = meta.Dimensions[2];
                }

                return VideoGraphSignatures.TextEncoder(new VideoGraphDims { TextWidth = resolved, TextTokens = tokenizer.ContextLength });
            },
            "text_encoder");
        return new PromptEncoder(graph, tokenizer, resolved);
    }

    /// <summary>Returns the 77 ids of a prompt: start, BPE ids (truncated), end, then end-token padding.</summary>
    public long[] Ids(string prompt)
    {
        var ids = Tokenizer.Encode(prompt);
        var end = Array.IndexOf(ids, (long)Tokenizer.EndId);
        for (var i = end + 1; i < ids.Length; i++)
        {
            ids[i] = Tokenizer.EndId;
        }

        return ids;
    }

    /// <summary>Encodes prompts to hidden states [count, 77, width], flattened.</summary>
    public float[] Encode(IReadOnlyList<string> prompts)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        var ids = prompts.SelectMany(Ids).ToArray();
        using var input = OrtValue.CreateTensorValueFromMemory(ids, [prompts.Count, Tokens]);
        using var results = graph.Run(InputNames, [input]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <inheritdoc/>
    public void Dispose() => graph.Dispose();
}
