using FFMpegCore;
using Neurons.Data.Tables;
using Neurons.Engine.Stages;
using Neurons.Stages.Generate;

namespace Neurons.Stages.Tests.Generate;

public sealed class GenerateStageTests : IDisposable
{
    private readonly GenerateStageHarness harness = new();

    [Fact]
    public async Task RunAsync_TwoClips_WritesRowsMp4AndSideBySideGif()
    {
        // Given two decoded clips and their ground truth
        var clips = new[] { GenerateStageHarness.Clip(0), GenerateStageHarness.Clip(1) };
        var (context, output) = await harness.ContextAsync(clips);

        // When the stage runs
        await StageLifecycle.RunAsync(new GenerateStage(), context, CancellationToken.None);

        // Then one row per clip with six 64² frames and the prompt with the suffix
        var rows = await ParquetRows.ReadAsync<GeneratedRow>(output.Path, CancellationToken.None);
        Assert.Equal(2, rows.Count);
        Assert.Equal(["test1_000", "test1_001"], rows.Select(r => r.ClipId));
        Assert.All(rows, r => Assert.Equal(6 * 64 * 64 * 3, r.DecodeFrames().Length));
        Assert.Equal("a dog runs on the grass, 8k uhd, dslr, soft lighting, high quality, film grain, Fujifilm XT3", rows[0].Prompt);
        Assert.Equal(0, rows[0].Seed);

        // and an MP4 of six 64² frames and a GIF of the (64+4) x (2*64+6) side-by-side grid, in the files folder
        var mp4 = await FFProbe.AnalyseAsync(Path.Combine(output.FilesDirectory, rows[0].VideoFile));
        Assert.Equal((64, 64), (mp4.PrimaryVideoStream!.Width, mp4.PrimaryVideoStream.Height));
        var gif = await FFProbe.AnalyseAsync(Path.Combine(output.FilesDirectory, rows[0].GifFile));
        Assert.Equal((134, 68), (gif.PrimaryVideoStream!.Width, gif.PrimaryVideoStream.Height));
        Assert.Equal("s1_test1_000.gif", rows[0].GifFile);
        Assert.Equal(2L, output.Metadata["generated_clips"]!.GetValue<int>());
    }

    [Fact]
    public async Task RunAsync_KilledAfterTwoClips_ResumesAtTheThirdClip()
    {
        // Given four clips and a run killed once two of them are done
        var clips = Enumerable.Range(0, 4).Select(i => GenerateStageHarness.Clip(i)).ToList();
        var overrides = new Dictionary<string, object> { ["write_videos"] = false };
        using var kill = new CancellationTokenSource();
        var (killed, _) = await harness.ContextAsync(clips, overrides, new CancelAfterProgress(kill, 0.95 * 2 / 4));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => StageLifecycle.RunAsync(new GenerateStage(), killed, kill.Token));

        // When the stage runs again
        var (again, output) = await harness.ContextAsync(clips, overrides);
        await StageLifecycle.RunAsync(new GenerateStage(), again, CancellationToken.None);

        // Then it resumed the two finished clips and generated only the other two
        Assert.Equal(2, output.Metadata["resumed_clips"]!.GetValue<int>());
        Assert.Equal(2, output.Metadata["generated_clips"]!.GetValue<int>());

        // and the result equals an uninterrupted run in a fresh workspace
        using var fresh = new GenerateStageHarness();
        var (clean, cleanOutput) = await fresh.ContextAsync(clips, overrides);
        await StageLifecycle.RunAsync(new GenerateStage(), clean, CancellationToken.None);
        var resumedRows = await ParquetRows.ReadAsync<GeneratedRow>(output.Path, CancellationToken.None);
        var cleanRows = await ParquetRows.ReadAsync<GeneratedRow>(cleanOutput.Path, CancellationToken.None);
        Assert.Equal(cleanRows.Select(r => r.DecodeFrames()), resumedRows.Select(r => r.DecodeFrames()));
        Assert.Equal(4, cleanOutput.Metadata["generated_clips"]!.GetValue<int>());
    }

    [Fact]
    public async Task RunAsync_UnclipKeyframeFromDecodedTokens_GivesAnotherKeyframeThanBlurry()
    {
        var clips = new[] { GenerateStageHarness.Clip(2) };
        var overrides = new Dictionary<string, object> { ["write_videos"] = false };
        var (blurryContext, blurryOutput) = await harness.ContextAsync(clips, overrides);
        await StageLifecycle.RunAsync(new GenerateStage(), blurryContext, CancellationToken.None);
        overrides["keyframe"] = "unclip";
        var (unclipContext, unclipOutput) = await harness.ContextAsync(clips, overrides);
        await StageLifecycle.RunAsync(new GenerateStage(), unclipContext, CancellationToken.None);

        var blurry = (await ParquetRows.ReadAsync<GeneratedRow>(blurryOutput.Path, CancellationToken.None))[0];
        var unclip = (await ParquetRows.ReadAsync<GeneratedRow>(unclipOutput.Path, CancellationToken.None))[0];
        Assert.Equal("unclip", unclip.KeyframeMode);
        Assert.NotEqual(blurry.Keyframe, unclip.Keyframe);
        Assert.Equal(0, unclipOutput.Metadata["resumed_clips"]!.GetValue<int>());
    }

    [Fact]
    public async Task RunAsync_UnclipWithoutTokens_FailsNamingTheRow()
    {
        var (decoded, truth) = GenerateStageHarness.Clip(3);
        decoded.KeyframeTokens = [];
        var (context, _) = await harness.ContextAsync([(decoded, truth)], new Dictionary<string, object> { ["keyframe"] = "unclip" });
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => StageLifecycle.RunAsync(new GenerateStage(), context, CancellationToken.None));
        Assert.Equal("decoded row test1_003 subject 1: keyframe_tokens hold 0 values, expected 16×32 (keyframe unclip)", error.Message);
    }

    [Fact]
    public async Task ReadAsync_GeneratedShard_PairsEachVideoWithItsResizedGroundTruth()
    {
        // Given a generated shard of two clips
        var clips = new[] { GenerateStageHarness.Clip(0), GenerateStageHarness.Clip(1) };
        var (context, output) = await harness.ContextAsync(clips, new Dictionary<string, object> { ["write_videos"] = false });
        await StageLifecycle.RunAsync(new GenerateStage(), context, CancellationToken.None);

        // When the evaluate hook reads it
        var evaluation = await Neurons.Generation.Scoring.GeneratedClips.ReadAsync([output.Path], clips.ToDictionary(c => c.Truth.ClipId, c => c.Truth), 1, CancellationToken.None);

        // Then one evaluation clip per row: the generated frames as prediction, the 224² truth resized to 64²
        Assert.Equal(["test1_000", "test1_001"], evaluation.Select(e => e.ClipId));
        var rows = await ParquetRows.ReadAsync<GeneratedRow>(output.Path, CancellationToken.None);
        Assert.Equal(rows[1].DecodeFrames().AsSpan(0, 64 * 64 * 3).ToArray(), evaluation[1].PredictionFrames![0].Pixels);
        Assert.All(evaluation[0].TruthFrames!, f => Assert.Equal((64, 64), (f.Width, f.Height)));
    }

    [Fact]
    public void ValidateParameters_MissingUnetAndBadSize_NamesEachParameter()
    {
        var values = GenerateStageHarness.FixtureParameters();
        values["unet_model"] = Path.Combine(harness.Root, "missing_unet.onnx");
        values["size"] = 100L;
        var errors = new GenerateStage().ValidateParameters(new Neurons.Engine.Stages.StageParameters(values));
        Assert.Contains(errors, e => e.Parameter == "unet_model" && e.Message.Contains("missing_unet.onnx does not exist", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("size 100 must be a positive multiple of 64", StringComparison.Ordinal));

        // the fixture set with the unclip keyframe is complete
        var fixtures = GenerateStageHarness.FixtureParameters();
        fixtures["keyframe"] = "unclip";
        Assert.Empty(new GenerateStage().ValidateParameters(new Neurons.Engine.Stages.StageParameters(fixtures)));
    }

    public void Dispose() => harness.Dispose();
}
