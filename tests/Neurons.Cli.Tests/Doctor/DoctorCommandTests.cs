using System.Security.Cryptography;
using System.Text.Json;
using Neurons.Cli.Tests.Support;

namespace Neurons.Cli.Tests.Doctor;

public sealed class DoctorCommandTests
{
    [Fact]
    public async Task Doctor_OnTheMiniProfileWithFixtureModels_PassesWithExitCode0()
    {
        using var project = new DoctorProject();

        var result = await project.RunAsync("doctor");

        Assert.Equal(0, result.ExitCode);
        var line = Assert.Single(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("doctor: all ", line);
        Assert.Contains("checks passed (profile good,", line);
        Assert.Equal(string.Empty, result.Stderr);
    }

    [Fact]
    public async Task Doctor_OnAProfileWithAMissingModelAWrongSignatureAndADeadVlm_PrintsThreeLinesWithTheirFixesAndExits2()
    {
        using var project = new DoctorProject();

        var result = await project.RunAsync("doctor", "--profile", "bad");

        Assert.Equal(2, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Equal("targets.clip_image_model: clip-image model not found: fixtures/targets/absent.onnx (fix: docs/models.md#clip-image-tokens-targets)", lines[0]);
        Assert.Equal(
            "targets.vae_encoder: vae-encoder model 'vae_sample_only.onnx': its only latent output is 'latent_sample', a random sample (diffusers/Olive export); "
            + "export the posterior mean (HF optimum's latent_parameters, or latent_dist.mean as latent_mean) (fix: docs/models.md#sd-15-vae-encoder-targets)",
            lines[1]);
        Assert.StartsWith($"annotate.endpoint: http://127.0.0.1:{project.DeadPort}/api/tags is not reachable: ", lines[2]);
        Assert.EndsWith("(fix: docs/models.md#vlm-server-annotate-concepts)", lines[2]);
        Assert.StartsWith("doctor: 3 problem(s) in ", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task Doctor_WithJson_ReportsEachModelsSizeAndSha256()
    {
        using var project = new DoctorProject();
        var model = project.At("fixtures", "targets", "clip_image.fixture.onnx");

        var result = await project.RunAsync("doctor", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var check = json.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("parameter").GetString() == "clip_image_model");
        Assert.True(check.GetProperty("ok").GetBoolean());
        Assert.Equal(new FileInfo(model).Length, check.GetProperty("bytes").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(model))), check.GetProperty("sha256").GetString());
        Assert.Equal(["targets"], check.GetProperty("stages").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Doctor_OnAClaimedWorkspace_ReusesAPassedSignatureCheckUntilTheFileChanges()
    {
        using var project = new DoctorProject();
        Directory.CreateDirectory(project.At("ws"));
        File.WriteAllText(project.At("ws", ".neurons-workspace"), string.Empty);
        var model = project.At("fixtures", "targets", "vae_encoder.fixture.onnx");

        var first = await Cached(project);
        var second = await Cached(project);
        File.SetLastWriteTimeUtc(model, File.GetLastWriteTimeUtc(model).AddMinutes(1));
        var afterTouch = await Cached(project);

        Assert.False(first);
        Assert.True(second);
        Assert.False(afterTouch);
    }

    [Fact]
    public async Task Doctor_WhenATrainingStageAsksForCudaAndNoGpuIsVisible_SaysSoWithTheGpuRecipe()
    {
        using var project = new DoctorProject();
        var environment = new Dictionary<string, string> { ["CUDA_VISIBLE_DEVICES"] = "-1", ["NEURONS__stages__train__device"] = "cuda" };

        var result = await project.RunAsync(["doctor", "--stage", "train"], environment);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            ["train.device: cuda is asked for but no NVIDIA GPU is visible (no /dev/nvidia<N>, or CUDA_VISIBLE_DEVICES hides them) (fix: docs/models.md#execution-providers-and-the-gpu-build)"],
            result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Doctor_WhenThePromptsFolderLacksAPrompt_ReportsThePromptsParameter()
    {
        using var project = new DoctorProject();
        Directory.CreateDirectory(project.At("prompts"));
        File.WriteAllText(project.At("prompts", "caption.yaml"), "system: s\nuser: u\n");
        var environment = new Dictionary<string, string>
        {
            ["NEURONS__stages__annotate__provider"] = "openai",
            ["NEURONS__stages__annotate__endpoint"] = $"http://127.0.0.1:{project.DeadPort}/v1",
            ["NEURONS__stages__annotate__prompts"] = "prompts",
        };

        var result = await project.RunAsync(["doctor", "--stage", "annotate"], environment);

        Assert.Equal(2, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("annotate.prompts: ", lines[0]);
        Assert.EndsWith("(fix: docs/models.md#vlm-server-annotate-concepts)", lines[0]);
        Assert.StartsWith($"annotate.endpoint: http://127.0.0.1:{project.DeadPort}/v1/models is not reachable: ", lines[1]);
    }

    [Fact]
    public async Task Doctor_WithAnUnknownStage_SaysSoAndExits2()
    {
        using var project = new DoctorProject();

        var result = await project.RunAsync("doctor", "--stage", "nosuch");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: command line: --stage: unknown stage 'nosuch' (known: slice, ", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task Run_WhenAStageAboutToRunLacksATool_StopsBeforeAnyWorkAndAnIdleRunChecksNothing()
    {
        using var project = await MiniProject.WithDatasetAsync();
        var noTools = Directory.CreateTempSubdirectory("neurons-no-tools-").FullName;
        try
        {
            var withoutFfmpeg = new Dictionary<string, string> { ["PATH"] = noTools };

            var refused = await PipelineProcess.RunAsync(project.Root, ["run", "--stage", "slice"], withoutFfmpeg);
            var committedAfterRefusal = Directory.Exists(Path.Combine(project.Root, "ws", "clips")) ? Directory.GetFiles(Path.Combine(project.Root, "ws", "clips"), "*.meta.json").Length : 0;
            var done = await project.RunAsync("run", "--stage", "slice");
            var idle = await PipelineProcess.RunAsync(project.Root, ["run", "--stage", "slice"], withoutFfmpeg);

            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("slice: ffmpeg is not on PATH (fix: docs/models.md#ffmpeg)", refused.ErrorLines);
            Assert.Contains("slice: ffprobe is not on PATH (fix: docs/models.md#ffmpeg)", refused.ErrorLines);
            Assert.Equal(0, committedAfterRefusal);
            Assert.Equal(0, done.ExitCode);
            Assert.Equal(0, idle.ExitCode);
        }
        finally
        {
            Directory.Delete(noTools, recursive: true);
        }
    }

    private static async Task<bool> Cached(DoctorProject project)
    {
        var result = await project.RunAsync("doctor", "--json", "--stage", "targets");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("parameter").GetString() == "vae_encoder").GetProperty("cached").GetBoolean();
    }
}
