using Neurons.Data.Tables;
using Neurons.Model.Inference;
using Neurons.Stages.Decode;
using Neurons.Testing.Onnx;
using Neurons.Vision.Onnx;
using Neurons.Vision.Vae;
using static TorchSharp.torch;

namespace Neurons.Stages.Tests.Decode;

public sealed class DecodeStageTests : IDisposable
{
    private readonly DecodeWorkItem work = new();

    public void Dispose() => work.Dispose();

    [Fact]
    public async Task RunAsync_TinyModel_DecodesEveryClipWithRowsFilesAndTimings()
    {
        // Given three test clips with two fMRI repeats each and a tiny stage-2 model
        await work.GivenAsync(3);
        var (context, output) = work.Context(work.Parameters());

        // When the stage runs with batches of two
        await new DecodeStage().RunAsync(context, CancellationToken.None);

        // Then one row per clip, in split order, with the documented shapes
        var rows = await ParquetRows.ReadAsync<DecodedRow>(output.Path, CancellationToken.None);
        Assert.Equal(["test1_000", "test1_001", "test1_002"], rows.Select(r => r.ClipId));
        Assert.All(rows, r =>
        {
            Assert.Equal((1, 2, r.ClipId), (r.Subject, r.Repeats, r.FmriClipId));
            Assert.Equal(ClipSeed.Of(0, 1, r.ClipId), r.Seed);
            Assert.Equal(51, r.ConceptScores.Count);
            Assert.Equal(r.ConceptScores.Select((s, i) => (s, i)).Where(p => p.s > 0.5f).Select(p => $"concept {p.i}"), r.PresentConcepts);
            Assert.Equal($"concept {r.ConceptScores.IndexOf(r.ConceptScores.Max())}", r.TopConcept);
            Assert.Equal(6 * 16 * 16, r.DecodeMasks().Length);
            Assert.All(r.DecodeMasks(), m => Assert.True(m <= 1));
            Assert.Equal(6 * 224 * 224 * 3, r.DecodeBlurryFrames().Length);
            Assert.Equal(6 * 4 * 28 * 28, r.BlurryLatents.Count);
            Assert.Equal((16, 32, 16 * 32), (r.TokenCount, r.TokenWidth, r.KeyframeTokens.Count));
        });

        // And per clip 6 frame PNGs, 6 mask PNGs and an MP4 in the files folder
        var files = Directory.GetFiles(output.FilesDirectory).Select(Path.GetFileName).ToList();
        Assert.Equal(3 * 13, files.Count);
        Assert.Contains("s1_test1_002_blurry_f5.png", files);
        Assert.Contains("s1_test1_002_mask_f0.png", files);
        Assert.Contains("s1_test1_000_blurry.mp4", files);

        // And the sidecar has the throughput and the prior's share of the time
        Assert.Equal(3, output.Rows);
        Assert.True((double)output.Metadata["clips_per_second"]! > 0);
        Assert.InRange((double)output.Metadata["prior_share"]!, 0.01, 1.0);
        Assert.True((bool)output.Metadata["batch_independent"]!);
        Assert.Equal(100, (int)output.Metadata["prior_steps"]!);
    }

    [Fact]
    public async Task RunAsync_ShuffledControl_FeedsEveryClipAnotherClipsFmri()
    {
        // Given the shuffled-fMRI control
        await work.GivenAsync(3);
        var parameters = work.Parameters();
        parameters["fmri_order"] = "shuffled";
        parameters["write_files"] = false;
        var (context, output) = work.Context(parameters);

        // When the stage runs
        await new DecodeStage().RunAsync(context, CancellationToken.None);

        // Then no clip is decoded from its own fMRI, every fMRI is used once, and the seeds stay the clips' own
        var rows = await ParquetRows.ReadAsync<DecodedRow>(output.Path, CancellationToken.None);
        Assert.All(rows, r => Assert.NotEqual(r.ClipId, r.FmriClipId));
        Assert.Equal(rows.Select(r => r.ClipId).Order(), rows.Select(r => r.FmriClipId).Order());
        Assert.All(rows, r => Assert.Equal(ClipSeed.Of(0, 1, r.ClipId), r.Seed));
        Assert.Equal("shuffled", (string)output.Metadata["fmri_order"]!);
    }

    [Fact]
    public void BlurryFrames_MaskToHalfOrOneOnTheLatentThenTheVaeDecoder_GivesHandComputedPixels()
    {
        // Given 1×1 maps for the 6 frames: segmentation logit +1 on even frames (mask 1 → m′ = 1) and −1 on odd
        // ones (m′ = 0.5); reconstruction channel 0 = 0.18215 · 0.6, channels 1–3 = 5 (ignored by the decoder)
        var seg = Enumerable.Range(0, 6).Select(f => f % 2 == 0 ? 1f : -1f).ToArray();
        var recon = Enumerable.Range(0, 6).SelectMany(_ => new[] { 0.18215f * 0.6f, 5f, 5f, 5f }).ToArray();
        using var segT = tensor(seg, [6, 1, 1, 1]);
        using var reconT = tensor(recon, [6, 4, 1, 1]);
        var (binary, _, latents) = LatentMasking.Compose(segT, reconT, 1);
        var decoded = new DecodedClip(0, new float[51], 0, 1, binary.data<byte>().ToArray(), 1, latents.data<float>().ToArray(), [1f], [0f], []);

        // And a decoder whose RGB = latent channel 0, nearest ×8
        var mixing = new float[4 * 3];
        mixing[0] = mixing[1] = mixing[2] = 1f;
        var path = Path.Combine(work.Workspace, "vae_identity.onnx");
        File.WriteAllBytes(path, TargetFixtureModels.VaeDecoder(mixing));
        using var vae = VaeDecoder.Load(path, new OnnxSessionOptions { IntraOpThreads = 1 });

        // When the blurry frames are made for an 8×8 clip
        var frames = DecodeStage.BlurryFrames(vae, [decoded], new ClipRow { Width = 8, Height = 8 })[0];

        // Then even frames: 0.6 → 0.6/2 + 0.5 = 0.8 → 204; odd frames: latent halved → 0.3 → 0.65 → 165.75 → 166
        Assert.Equal(new byte[] { 1, 0, 1, 0, 1, 0 }, decoded.Masks);
        Assert.Equal(0.18215f * 0.3f, decoded.BlurryLatents[4], 6);
        Assert.Equal(6 * 8 * 8 * 3, frames.Length);
        for (var f = 0; f < 6; f++)
        {
            Assert.All(frames.AsSpan(f * 192, 192).ToArray(), v => Assert.Equal(f % 2 == 0 ? 204 : 166, v));
        }
    }

    [Fact]
    public void FmriPairing_Shuffled_IsASeededDerangement()
    {
        // Given 24 clips / When paired for the control / Then no fixed point, a permutation, the same for the same seed
        var a = FmriPairing.Of(24, "shuffled", 3);
        Assert.DoesNotContain(a.Select((p, i) => p == i), b => b);
        Assert.Equal(Enumerable.Range(0, 24), a.Order());
        Assert.Equal(a, FmriPairing.Of(24, "shuffled", 3));
        Assert.Equal(Enumerable.Range(0, 24), FmriPairing.Of(24, "as_is", 3));
    }
}
