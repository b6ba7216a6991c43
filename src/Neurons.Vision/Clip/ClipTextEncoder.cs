using Microsoft.ML.OnnxRuntime;
using Neurons.Vision.Onnx;

namespace Neurons.Vision.Clip;

/// <summary>
/// A CLIP text encoder export giving the pooled, projected embedding (bigG: 1280): <c>input_ids</c>
/// [B,77] (int64, or int32 in some exports) → <c>text_embeds</c> [B,D]. Tokenised with <see cref="ClipTokenizer"/>.
/// </summary>
public sealed class ClipTextEncoder : IDisposable
{
    private readonly InferenceSession session;
    private readonly string inputName;
    private readonly string[] outputs;
    private readonly bool int32Ids;
    private readonly RunOptions runOptions = new();

    private ClipTextEncoder(InferenceSession session, ClipTokenizer tokenizer, string inputName, string outputName, bool int32Ids, bool dynamicBatch)
    {
        this.session = session;
        Tokenizer = tokenizer;
        this.inputName = inputName;
        outputs = [outputName];
        this.int32Ids = int32Ids;
        DynamicBatch = dynamicBatch;
    }

    /// <summary>Gets the tokenizer.</summary>
    public ClipTokenizer Tokenizer { get; }

    /// <summary>Gets a value indicating whether the batch axis is dynamic.</summary>
    public bool DynamicBatch { get; }

    /// <summary>Loads and checks the model.</summary>
    public static ClipTextEncoder Load(string path, ClipTokenizer tokenizer, OnnxSessionOptions sessionOptions, string inputName = "input_ids", string outputName = "text_embeds")
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var session = OnnxSessionFactory.Create(path, sessionOptions, "clip-text");
        try
        {
            var int32 = session.InputMetadata.TryGetValue(inputName, out var meta) && meta.ElementType == typeof(int);
            OnnxSignature.Verify(
                session,
                "clip-text",
                path,
                [new TensorSpec(inputName, int32 ? typeof(int) : typeof(long), [-1, tokenizer.ContextLength])],
                [new TensorSpec(outputName, typeof(float), [-1, -1])]);
            return new ClipTextEncoder(session, tokenizer, inputName, outputName, int32, session.InputMetadata[inputName].Dimensions[0] < 0);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Encodes texts to pooled embeddings, one row per text.</summary>
    public float[][] Encode(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (!DynamicBatch && texts.Count != 1)
        {
            return texts.SelectMany(t => Encode([t])).ToArray();
        }

        if (texts.Count == 0)
        {
            return [];
        }

        var l = Tokenizer.ContextLength;
        var ids = texts.SelectMany(Tokenizer.Encode).ToArray();
        using var input = int32Ids
            ? OrtValue.CreateTensorValueFromMemory(ids.Select(i => (int)i).ToArray(), [texts.Count, l])
            : OrtValue.CreateTensorValueFromMemory(ids, [texts.Count, l]);
        using var results = session.Run(runOptions, [inputName], [input], outputs);
        var width = (int)results[0].GetTensorTypeAndShape().Shape[1];
        var values = results[0].GetTensorDataAsSpan<float>();
        var rows = new float[texts.Count][];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = values.Slice(i * width, width).ToArray();
        }

        return rows;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        runOptions.Dispose();
        session.Dispose();
    }
}
