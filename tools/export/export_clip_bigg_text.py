#!/usr/bin/env python3
"""Export OpenCLIP ViT-bigG-14 (laion2b_s39b_b160k) pooled text embeddings for the `targets` stage.

    python3 tools/export/export_clip_bigg_text.py --out models/clip/vit_bigg14_textual.onnx --save-tokenizer models/clip

Writes `input_ids` [B, 77] int64 -> `text_embeds` [B, 1280] float32: `encode_text` (end-of-text pooling and
`text_projection`, not normalised), what NEURONS' FrozenOpenCLIPEmbedder2(always_return_pooled=True) gives.
--save-tokenizer writes OpenAI CLIP's vocab.json and merges.txt (needs transformers), which the C# tokenizer
reads (`clip_vocab`, `clip_merges`). Needs open_clip_torch (pip), not packaged for Debian.
"""
import sys

import torch
import torch.nn as nn

import _common

INPUTS, OUTPUTS = ["input_ids"], ["text_embeds"]


class TextEmbeds(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids):
        return self.model.encode_text(input_ids)


def load_model(args):
    open_clip = _common.need("open_clip", "open_clip_torch")
    model, _, _ = open_clip.create_model_and_transforms(args.arch, pretrained=args.pretrained, cache_dir=args.cache_dir)
    model.visual = None  # the text tower only
    return model


def example_inputs(args):
    ids = torch.zeros(args.batch, args.context, dtype=torch.int64)
    ids[:, 0], ids[:, 1], ids[:, 2] = 49406, 320, 49407  # <|startoftext|> a <|endoftext|>
    return [ids]


def main(argv=None, model=None, out=sys.stdout):
    p = _common.parser(__doc__.split("\n\n")[0], "models/clip/vit_bigg14_textual.onnx")
    p.add_argument("--arch", default="ViT-bigG-14")
    p.add_argument("--pretrained", default="laion2b_s39b_b160k")
    p.add_argument("--context", type=int, default=77)
    p.add_argument("--save-tokenizer", metavar="DIR", help="also write vocab.json and merges.txt there (transformers)")
    p.add_argument("--no-external-data", action="store_true", help="for small stand-ins only")
    args = p.parse_args(argv)
    wrapper = TextEmbeds(model if model is not None else load_model(args)).to(args.device)
    axes = _common.batch_axes(INPUTS + OUTPUTS, args.static_batch)
    result = _common.run(wrapper, example_inputs(args), args.out, INPUTS, OUTPUTS, axes, args.opset, not args.no_external_data, out)
    if args.save_tokenizer:
        transformers = _common.need("transformers", "transformers")
        transformers.CLIPTokenizer.from_pretrained("openai/clip-vit-large-patch14", cache_dir=args.cache_dir).save_pretrained(args.save_tokenizer)
        print(f"wrote {args.save_tokenizer}/vocab.json, merges.txt", file=out)
    return result


if __name__ == "__main__":
    main()
