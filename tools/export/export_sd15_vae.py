#!/usr/bin/env python3
"""Export the SD-1.5 VAE encoder (posterior mean) and decoder for `targets`, `decode` and `generate`.

    python3 tools/export/export_sd15_vae.py --out models/vae/sd15_vae_encoder.onnx --decoder-out models/vae/sd15_vae_decoder.onnx

Encoder: `sample` [B, 3, H, W] in [-1, 1] -> `latent_parameters` [B, 8, H/8, W/8] (mean || log-variance, as HF
optimum names it; the C# wrapper takes channels 0-3) or, with --encoder-output latent_mean, the mean alone
[B, 4, H/8, W/8]. Never a random sample (NEURONS uses latent_dist.mode() = the mean). Unscaled: the wrappers
apply 0.18215. Decoder: `latent_sample` [B, 4, h, w] (unscaled latents) -> `sample` [B, 3, 8h, 8w].
Needs diffusers (pip), not packaged for Debian.
"""
import sys

import torch
import torch.nn as nn

import _common


class PosteriorParameters(nn.Module):
    """vae.encode(x).latent_dist: its parameters (mean || logvar) or its mean."""

    def __init__(self, vae, mean_only):
        super().__init__()
        self.vae = vae
        self.mean_only = mean_only

    def forward(self, sample):
        dist = self.vae.encode(sample).latent_dist
        return dist.mean if self.mean_only else dist.parameters


class Decode(nn.Module):
    def __init__(self, vae):
        super().__init__()
        self.vae = vae

    def forward(self, latent_sample):
        return self.vae.decode(latent_sample).sample


def load_model(args):
    diffusers = _common.need("diffusers", "diffusers")
    return diffusers.AutoencoderKL.from_pretrained(args.model, subfolder="vae", cache_dir=args.cache_dir)


def main(argv=None, model=None, out=sys.stdout):
    p = _common.parser(__doc__.split("\n\n")[0], "models/vae/sd15_vae_encoder.onnx")
    p.add_argument("--decoder-out", default="models/vae/sd15_vae_decoder.onnx", help="the decoder .onnx ('' to skip)")
    p.add_argument("--encoder-output", choices=["latent_parameters", "latent_mean"], default="latent_parameters")
    p.add_argument("--model", default="runwayml/stable-diffusion-v1-5", help="a diffusers repository or folder with a vae/ subfolder")
    p.add_argument("--size", type=int, default=224, help="dummy image side (axes stay dynamic)")
    args = p.parse_args(argv)
    vae = (model if model is not None else load_model(args)).to(args.device)
    hw = {2: "height", 3: "width"}
    lhw = {2: "latent_height", 3: "latent_width"}
    encoder = PosteriorParameters(vae, args.encoder_output == "latent_mean")
    axes = _common.batch_axes(["sample", args.encoder_output], args.static_batch, {"sample": hw, args.encoder_output: lhw})
    x = torch.rand(args.batch, 3, args.size, args.size) * 2 - 1
    latents = _common.run(encoder, [x], args.out, ["sample"], [args.encoder_output], axes, args.opset, out=out)
    if args.decoder_out:
        z = latents[:, :4].contiguous()
        axes = _common.batch_axes(["latent_sample", "sample"], args.static_batch, {"latent_sample": lhw, "sample": hw})
        _common.run(Decode(vae), [z], args.decoder_out, ["latent_sample"], ["sample"], axes, args.opset, out=out)
    return latents


if __name__ == "__main__":
    main()
