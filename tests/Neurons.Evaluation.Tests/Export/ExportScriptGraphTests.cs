using Neurons.Evaluation.Models;
using Neurons.Testing.Python;

namespace Neurons.Evaluation.Tests.Export;

/// <summary>
/// The classifier graphs tools/export writes (its wrappers around small stand-ins, tools/export/selftest.py) pass the
/// evaluation wrappers' signature checks and run.
/// </summary>
public sealed class ExportScriptGraphTests
{
    private static RgbFrame Frame(byte value)
    {
        var px = new byte[224 * 224 * 3];
        Array.Fill(px, value);
        return new RgbFrame(224, 224, px);
    }

    [Fact]
    public void VideoMaeScript_Graph_OpensInVideoMaeClassifierWith400Logits()
    {
        // Given the graph of export_videomae_6f.py (pixel_values [B, 6, 3, 224, 224])
        using var model = VideoMaeClassifier.Open(ExportScriptGraphs.Path("videomae.onnx"));

        // When two six-frame clips are classified
        var logits = model.Classify([Enumerable.Repeat(Frame(10), 6).ToList(), Enumerable.Repeat(Frame(200), 6).ToList()]);

        // Then each gets 400 Kinetics logits
        Assert.Equal([400, 400], logits.Select(l => l.Length));
    }

    [Fact]
    public void VitScript_Graph_OpensInVitClassifierWith1000Logits()
    {
        using var model = VitClassifier.Open(ExportScriptGraphs.Path("vit.onnx"));

        var logits = model.Classify([Frame(10)]);

        Assert.Equal(1000, Assert.Single(logits).Length);
    }

    [Fact]
    public void ClipVitL14Script_Graph_OpensInClipImageEmbedderWith768Dims()
    {
        using var model = ClipImageEmbedder.Open(ExportScriptGraphs.Path("clip_vision.onnx"));

        var embeds = model.Embed([Frame(10), Frame(90)]);

        Assert.Equal([768, 768], embeds.Select(e => e.Length));
    }
}
