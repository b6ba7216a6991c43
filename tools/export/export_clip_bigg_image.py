#!/usr/bin/env python3
"""Export OpenCLIP ViT-bigG-14 (laion2b_s39b_b160k) image tokens for the `targets` stage.

    python3 tools/export/export_clip_bigg_image.py --out models/clip/vit_bigg14_visual_tokens.onnx

Writes `pixel_values` [B, 3, 224, 224] float32 -> `image_tokens` [B, 256, 1664] float32: the visual tower with
`output_tokens=True` after `ln_post`, unprojected (what NEURONS' FrozenOpenCLIPImageEmbedder(only_tokens=True)
gives). Preprocessing stays in C# (docs/models.md). About 1.8 B parameters: the graph is written with external
data beside the .onnx. Needs open_clip_torch (pip), not packaged for Debian.
"""
import sys

import torch
import torch.nn as nn

import _common

INPUTS, OUTPUTS = ["pixel_values"], ["image_tokens"]


class ImageTokens(nn.Module):
    """visual(x) with output_tokens=True returns (pooled, tokens); the graph returns the tokens."""

    def __init__(self, visual):
        super().__init__()
        visual.output_tokens = True
        self.visual = visual

    def forward(self, pixel_values):
        _, tokens = self.visual(pixel_values)
        return tokens


def load_model(args):
    open_clip = _common.need("open_clip", "open_clip_torch")
    model, _, _ = open_clip.create_model_and_transforms(args.arch, pretrained=args.pretrained, cache_dir=args.cache_dir)
    return model.visual


def example_inputs(args):
    return [torch.rand(args.batch, 3, args.size, args.size)]


def main(argv=None, model=None, out=sys.stdout):
    p = _common.parser(__doc__.split("\n\n")[0], "models/clip/vit_bigg14_visual_tokens.onnx")
    p.add_argument("--arch", default="ViT-bigG-14")
    p.add_argument("--pretrained", default="laion2b_s39b_b160k")
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--no-external-data", action="store_true", help="for small stand-ins only")
    args = p.parse_args(argv)
    wrapper = ImageTokens(model if model is not None else load_model(args)).to(args.device)
    axes = _common.batch_axes(INPUTS + OUTPUTS, args.static_batch)
    return _common.run(wrapper, example_inputs(args), args.out, INPUTS, OUTPUTS, axes, args.opset, not args.no_external_data, out)


if __name__ == "__main__":
    main()
