#!/usr/bin/env python3
"""Export SAM's image encoder and prompt decoder for the `segment` stage.

    python3 tools/export/export_sam.py --checkpoint sam_vit_b_01ec64.pth --model-type vit_b \
        --out models/sam/sam_vit_b_encoder.onnx --decoder-out models/sam/sam_vit_b_decoder.onnx

Encoder: `input_image` [1, 3, 1024, 1024] float32 (normalised and zero-padded by the C# wrapper) ->
`image_embeddings` [1, 256, 64, 64]. Decoder: Meta's `SamOnnxModel` (segment_anything.utils.onnx, as its
scripts/export_onnx_model.py uses it, single mask by default): `image_embeddings`, `point_coords` [1, N, 2],
`point_labels` [1, N], `mask_input` [1, 1, 256, 256], `has_mask_input` [1], `orig_im_size` [2] (all float32) ->
`masks` [1, M, H, W], `iou_predictions` [1, M], `low_res_masks`. Needs segment_anything (pip), not packaged for
Debian.
"""
import sys

import torch
import torch.nn as nn

import _common

DECODER_INPUTS = ["image_embeddings", "point_coords", "point_labels", "mask_input", "has_mask_input", "orig_im_size"]
DECODER_OUTPUTS = ["masks", "iou_predictions", "low_res_masks"]


class Encoder(nn.Module):
    def __init__(self, sam):
        super().__init__()
        self.image_encoder = sam.image_encoder

    def forward(self, input_image):
        return self.image_encoder(input_image)


def load_model(args):
    sa = _common.need("segment_anything", "segment_anything")
    return sa.sam_model_registry[args.model_type](checkpoint=args.checkpoint)


def decoder_module(sam, single_mask):
    onnx_utils = _common.need("segment_anything.utils.onnx", "segment_anything")
    return onnx_utils.SamOnnxModel(sam, return_single_mask=single_mask)


def decoder_inputs(points=2, side=64):
    return [torch.randn(1, 256, side, side), torch.randint(0, 1024, (1, points, 2)).float(),
            torch.tensor([[2.0, 3.0]])[:, :points], torch.zeros(1, 1, 256, 256), torch.tensor([0.0]),
            torch.tensor([224.0, 224.0])]


def main(argv=None, model=None, decoder=None, out=sys.stdout):
    p = _common.parser(__doc__.split("\n\n")[0], "models/sam/sam_vit_b_encoder.onnx")
    p.add_argument("--decoder-out", default="models/sam/sam_vit_b_decoder.onnx", help="the decoder .onnx ('' to skip)")
    p.add_argument("--checkpoint", default="sam_vit_b_01ec64.pth")
    p.add_argument("--model-type", default="vit_b", choices=["vit_b", "vit_l", "vit_h"])
    p.add_argument("--multimask", action="store_true", help="export all 3 masks instead of the best one")
    p.add_argument("--size", type=int, default=1024)
    args = p.parse_args(argv)
    sam = model if model is not None else load_model(args)
    x = torch.randn(1, 3, args.size, args.size)
    emb = _common.run(Encoder(sam), [x], args.out, ["input_image"], ["image_embeddings"], {}, args.opset, out=out)
    if args.decoder_out:
        dec = decoder if decoder is not None else decoder_module(sam, not args.multimask)
        axes = {"point_coords": {1: "num_points"}, "point_labels": {1: "num_points"}}
        _common.run(dec, decoder_inputs(side=emb.shape[-1]), args.decoder_out, DECODER_INPUTS, DECODER_OUTPUTS, axes, args.opset, out=out)
    return emb


if __name__ == "__main__":
    main()
