using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Neurons.Model.Prior;

/// <summary>
/// NEURONS' <c>PriorNetwork</c> (BrainModel_neurons.py L484–630) with <c>learned_query_mode="pos_emb"</c>: the
/// sequence [brain tokens (N), time token (1), noised image tokens + <c>learned_query</c> (N)] through
/// <c>causal_transformer</c>; the last N outputs are the x₀ prediction. <c>to_time_embeds</c> = sinusoidal(dim) →
/// MLP(dim, dim) → one token. Condition drop replaces a sample's brain tokens by <c>null_brain_embeds</c> and, drawn
/// independently, its noised image tokens by <c>null_image_embed</c> (both [N, dim]), before the positional embedding.
/// </summary>
internal sealed class PriorNetwork : nn.Module
{
    private readonly Sequential to_time_embeds;
    private readonly Parameter learned_query;
    private readonly PriorTransformer causal_transformer;
    private readonly Parameter null_brain_embeds;
    private readonly Parameter null_image_embed;
    private readonly int tokens;
    private readonly int dim;

    public PriorNetwork(PriorConfig config, Generator generator)
        : base(nameof(PriorNetwork))
    {
        tokens = config.Tokens;
        dim = config.Dim;
        to_time_embeds = nn.Sequential(
            nn.Sequential(new SinusoidalPosEmb(dim), new PriorMlp(dim, dim, generator)),
            new RearrangeToTokens());
        learned_query = PriorInit.Normal([tokens, dim], Math.Pow(dim, -0.5), generator);
        causal_transformer = new PriorTransformer(config, generator);
        null_brain_embeds = PriorInit.Normal([tokens, dim], 1, generator);
        null_image_embed = PriorInit.Normal([tokens, dim], 1, generator);
        RegisterComponents();
    }

    /// <summary>Predicts x₀ [B, N, dim].</summary>
    /// <param name="imageEmbed">The noised image tokens [B, N, dim].</param>
    /// <param name="timesteps">The diffusion step of each sample [B] (integer or float).</param>
    /// <param name="brainEmbed">The brain tokens [B, N, dim].</param>
    /// <param name="brainCondDropProb">The probability of replacing a sample's brain tokens by the null tokens.</param>
    /// <param name="imageCondDropProb">The probability of replacing a sample's noised image tokens by the null tokens.</param>
    /// <param name="generator">The generator of the drop draws (brain first, then image); unused when both are 0 or 1.</param>
    public Tensor Forward(Tensor imageEmbed, Tensor timesteps, Tensor brainEmbed, double brainCondDropProb, double imageCondDropProb, Generator? generator)
    {
        var batch = imageEmbed.shape[0];
        using var scope = NewDisposeScope();
        var brainKeep = KeepMask(batch, 1 - brainCondDropProb, imageEmbed.device, generator);
        var imageKeep = KeepMask(batch, 1 - imageCondDropProb, imageEmbed.device, generator);
        var brain = brainKeep is null ? brainEmbed : where(brainKeep, brainEmbed, null_brain_embeds.unsqueeze(0));
        var image = imageKeep is null ? imageEmbed : where(imageKeep, imageEmbed, null_image_embed.unsqueeze(0));
        var time = to_time_embeds.call(timesteps.to(imageEmbed.dtype));
        image = image.add(learned_query.unsqueeze(0));
        var sequence = cat([brain, time, image], 1);
        var output = causal_transformer.call(sequence);
        return output.narrow(1, output.shape[1] - tokens, tokens).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            to_time_embeds.Dispose();
            causal_transformer.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// dalle2-pytorch's <c>prob_mask_like</c>, [B, 1, 1] booleans true with probability <paramref name="keepProb"/>:
    /// keep probability 1 → null (keep all, no draw); 0 → all false (no draw); otherwise U[0, 1) &lt; keepProb.
    /// </summary>
    private static Tensor? KeepMask(long batch, double keepProb, Device device, Generator? generator)
    {
        if (keepProb >= 1)
        {
            return null;
        }

        if (keepProb <= 0)
        {
            return zeros([batch, 1, 1], ScalarType.Bool, device);
        }

        using var u = rand([batch], generator: generator, device: device);
        return u.lt(keepProb).view(batch, 1, 1);
    }
}
