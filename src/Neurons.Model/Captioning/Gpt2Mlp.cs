using Neurons.Model.Brain;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Neurons.Model.Captioning;

/// <summary>
/// GPT-2 feed-forward block (Hugging Face <c>GPT2MLP</c>): <c>c_fc</c> (W → 4W), <c>gelu_new</c> (the tanh
/// approximation 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))), <c>c_proj</c> (4W → W), residual dropout.
/// </summary>
internal sealed class Gpt2Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear c_fc;
    private readonly Linear c_proj;
    private readonly GeneratorDropout dropout;

    public Gpt2Mlp(Gpt2Config config, Generator generator)
        : base(nameof(Gpt2Mlp))
    {
        c_fc = nn.Linear(config.Width, 4L * config.Width);
        c_proj = nn.Linear(4L * config.Width, config.Width);
        dropout = new GeneratorDropout(config.Dropout, generator);
        RegisterComponents();
    }

    /// <param name="input">Hidden states [B, L, W].</param>
    public override Tensor forward(Tensor input)
    {
        var h = nn.functional.gelu(c_fc.call(input), GELU.Approximate.tanh);
        return dropout.call(c_proj.call(h));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            c_fc.Dispose();
            c_proj.Dispose();
            dropout.Dispose();
        }

        base.Dispose(disposing);
    }
}
