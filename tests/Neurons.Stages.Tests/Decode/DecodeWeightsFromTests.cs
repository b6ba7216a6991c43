using Neurons.Data.Tables;
using Neurons.Model.Brain;
using Neurons.Model.Checkpoints;
using Neurons.Model.Decoupled;
using Neurons.Stages.Decode;

namespace Neurons.Stages.Tests.Decode;

/// <summary><c>weights_from</c>: a checkpoint under the reference's key names replaces the trained weights.</summary>
public sealed class DecodeWeightsFromTests : IDisposable
{
    private readonly DecodeWorkItem work = new();

    public void Dispose() => work.Dispose();

    [Fact]
    public async Task RunAsync_WeightsFrom_DecodesWithTheCheckpointsWeights()
    {
        // Given two clips, the tiny trained model, and two reference-layout .pth exports: of that model, and of another draw
        await work.GivenAsync(2);
        var modelPath = Path.Combine(work.Workspace, "decoupler_training", "all.files", DecodeWorkItem.ModelFile);
        var same = Path.Combine(work.Workspace, "same.pth");
        var other = Path.Combine(work.Workspace, "other.pth");
        using (var random = new RandomSource(0))
        using (var model = NeuronsDecoupledModel.Load(modelPath, random))
        {
            ReferenceCheckpoint.Export(same, model, ReferenceKeyMap.Decoupled);
            TorchSharp.torch.manual_seed(77);
            using var another = new NeuronsDecoupledModel(model.Config, random, initSeed: 77);
            ReferenceCheckpoint.Export(other, another, ReferenceKeyMap.Decoupled);
        }

        // When decode runs with the trained weights, with weights_from = the same weights, and with the other draw
        var plain = await DecodeAsync(null);
        var fromSame = await DecodeAsync(same);
        var fromOther = await DecodeAsync(other);

        // Then the same weights give the same outputs bit for bit (Conv1D transposes and all), the other draw other ones
        Assert.Equal(plain.Select(r => r.ConceptScores), fromSame.Select(r => r.ConceptScores));
        Assert.Equal(plain.Select(r => r.BlurryLatents), fromSame.Select(r => r.BlurryLatents));
        Assert.Equal(plain.Select(r => r.Caption), fromSame.Select(r => r.Caption));
        Assert.NotEqual(plain.Select(r => r.ConceptScores), fromOther.Select(r => r.ConceptScores));
    }

    private async Task<IReadOnlyList<DecodedRow>> DecodeAsync(string? weightsFrom)
    {
        var parameters = work.Parameters();
        parameters["write_files"] = false;
        if (weightsFrom is not null)
        {
            parameters["weights_from"] = weightsFrom;
        }

        var (context, output) = work.Context(parameters);
        await new DecodeStage().RunAsync(context, CancellationToken.None);
        return await ParquetRows.ReadAsync<DecodedRow>(output.Path, CancellationToken.None);
    }
}
