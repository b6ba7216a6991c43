using System.Net;
using System.Net.Sockets;
using Neurons.Cli.Tests.Support;
using Neurons.Testing.Onnx;

namespace Neurons.Cli.Tests.Doctor;

/// <summary>
/// A folder with the mini profile's fixture models (written by the test suite's builders) and a pipeline.yaml with a
/// <c>good</c> profile (the mini profile's stage settings) and a <c>bad</c> one: a missing CLIP image model, a VAE
/// encoder with the wrong signature (<c>latent_sample</c> only) and annotation asked of a VLM on a dead loopback port.
/// </summary>
public sealed class DoctorProject : IDisposable
{
    public DoctorProject()
    {
        Root = Directory.CreateTempSubdirectory("neurons-doctor-").FullName;
        TargetFixtureModels.WriteMiniSet(Path.Combine(Root, "fixtures", "targets"));
        GenerationFixtureModels.WriteMiniSet(Path.Combine(Root, "fixtures", "generate"));
        DecodeFixtureModels.WriteMiniSet(Path.Combine(Root, "fixtures", "decode"));
        File.WriteAllBytes(Path.Combine(Root, "fixtures", "vae_sample_only.onnx"), TargetFixtureModels.VaeEncoder(GenerationFixtureModels.VaeEncoderMixing(new FixtureRandom(3)), sampleOnly: true));
        DeadPort = UnusedLoopbackPort();
        string[] yaml =
        [
            "profile: good",
            "profiles:",
            .. Profile("good", "ws", bad: false),
            .. Profile("bad", "ws-bad", bad: true),
        ];
        File.WriteAllLines(Path.Combine(Root, "pipeline.yaml"), yaml);
    }

    public string Root { get; }

    public int DeadPort { get; }

    public string At(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public Task<ProcessResult> RunAsync(params string[] args) => PipelineProcess.RunAsync(Root, args);

    public Task<ProcessResult> RunAsync(string[] args, IReadOnlyDictionary<string, string> environment) => PipelineProcess.RunAsync(Root, args, environment);

    public void Dispose() => Directory.Delete(Root, recursive: true);

    /// <summary>A loopback port nothing listens on: bound to learn a free one, then closed.</summary>
    private static int UnusedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private IEnumerable<string> Profile(string name, string workspace, bool bad)
    {
        string[] lines =
        [
            $"{name}:",
            $"  workspace: {workspace}",
            "  dataset:",
            "    path: mini",
            "    generate: mini",
            "  stages:",
            "    annotate:",
            .. bad ? (string[])["      provider: ollama", $"      endpoint: http://127.0.0.1:{DeadPort}"] : ["      provider: import"],
            "    segment:",
            "      provider: import",
            "    targets:",
            $"      clip_image_model: {(bad ? "fixtures/targets/absent.onnx" : "fixtures/targets/clip_image.fixture.onnx")}",
            "      clip_text_model: fixtures/targets/clip_text.fixture.onnx",
            "      clip_vocab: fixtures/targets/clip_vocab.fixture.json",
            "      clip_merges: fixtures/targets/clip_merges.fixture.txt",
            $"      vae_encoder: {(bad ? "fixtures/vae_sample_only.onnx" : "fixtures/targets/vae_encoder.fixture.onnx")}",
            "    concept_text:",
            "      clip_text_model: fixtures/targets/clip_text.fixture.onnx",
            "      clip_vocab: fixtures/targets/clip_vocab.fixture.json",
            "      clip_merges: fixtures/targets/clip_merges.fixture.txt",
            "    generate:",
            "      text_encoder_model: fixtures/generate/text_encoder.fixture.onnx",
            "      clip_vocab: fixtures/generate/clip_vocab.fixture.json",
            "      clip_merges: fixtures/generate/clip_merges.fixture.txt",
            "      vae_encoder_model: fixtures/generate/vae_encoder.fixture.onnx",
            "      vae_decoder_model: fixtures/generate/vae_decoder.fixture.onnx",
            "      sparsectrl_model: fixtures/generate/sparsectrl.fixture.onnx",
            "      unet_model: fixtures/generate/unet.fixture.onnx",
            "      unclip_unet_model: fixtures/generate/unclip_unet.fixture.onnx",
            "      unclip_vae_decoder_model: fixtures/generate/unclip_vae_decoder.fixture.onnx",
            "    decode:",
            $"      vae_decoder: fixtures/decode/{DecodeFixtureModels.VaeDecoderFile}",
        ];
        return lines.Select(l => "  " + l);
    }
}
