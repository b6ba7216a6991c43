using System.Text.Json;
using Neurons.Generation.Models;
using Neurons.Vision.Onnx;

namespace Neurons.Generation.Tests.Models;

public sealed class ExportSignatureTableTests
{
    [Fact]
    public void SignaturesJson_OfTheExportScript_EqualsTheWrappersTable()
    {
        // Given the table the Python export writes and verifies, and the wrappers' table at the real widths
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "tools", "export", "signatures.json")));
        var exported = json.RootElement.GetProperty("graphs").EnumerateArray().ToList();
        var expected = VideoGraphSignatures.All(VideoGraphDims.Real);

        // Then the same graphs in the same order, with the same input and output names, ranks, dtypes and fixed sizes
        Assert.Equal(expected.Select(g => g.Graph), exported.Select(g => g.GetProperty("graph").GetString()));
        foreach (var (signature, graph) in expected.Zip(exported))
        {
            Compare(signature.Graph, signature.Inputs, graph.GetProperty("inputs"));
            Compare(signature.Graph, signature.Outputs, graph.GetProperty("outputs"));
        }
    }

    [Fact]
    public void ExportScript_ReadsTheTableAndMergesTheAdapterLora()
    {
        // The script exports with the table's names and dynamic axes (it does not keep a second copy) and fuses the LoRA first
        var script = File.ReadAllText(Path.Combine(RepositoryRoot(), "tools", "export", "export_animatediff_onnx.py"));
        Assert.Contains("signatures.json", script, StringComparison.Ordinal);
        Assert.Contains("fuse_lora(lora_scale=1.0)", script, StringComparison.Ordinal);
        Assert.Contains("save_as_external_data=True", script, StringComparison.Ordinal);
        Assert.Contains("not run by CI", File.ReadAllText(Path.Combine(RepositoryRoot(), "tools", "export", "README.md")), StringComparison.Ordinal);
    }

    private static void Compare(string graph, IReadOnlyList<TensorSpec> specs, JsonElement values)
    {
        var list = values.EnumerateArray().ToList();
        Assert.True(specs.Count == list.Count, $"{graph}: {specs.Count} tensors expected, signatures.json has {list.Count}");
        foreach (var (spec, value) in specs.Zip(list))
        {
            var name = value.GetProperty("name").GetString();
            Assert.Equal(spec.Name, name);
            var dtype = value.GetProperty("dtype").GetString();
            Assert.True((spec.ElementType == typeof(float) ? "float32" : spec.ElementType == typeof(long) ? "int64" : "?") == dtype, $"{graph}.{name}: dtype {dtype}");
            var shape = value.GetProperty("shape").EnumerateArray().Select(d => d.ValueKind == JsonValueKind.Number ? d.GetInt64() : -1).ToList();
            Assert.True(spec.Dims!.SequenceEqual(shape), $"{graph}.{name}: [{string.Join(',', shape)}] vs [{string.Join(',', spec.Dims!)}]");
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NeuronsPipeline.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("NeuronsPipeline.sln not found above the test directory");
    }
}
