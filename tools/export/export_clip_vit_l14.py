#!/usr/bin/env python3
"""Export CLIP ViT-L/14 image embeddings for the `evaluate` stage (CLIP-pcc).

    python3 tools/export/export_clip_vit_l14.py --out models/clip-vit-large-patch14-vision.onnx

Writes `pixel_values` [B, 3, 224, 224] float32 -> `image_embeds` [B, 768]: `CLIPVisionModelWithProjection`
(projected; optimum's `clip_vision_model` export has only `last_hidden_state`/`pooler_output` and is rejected).
Needs transformers (pip), not packaged for Debian.
"""
import sys

import _hf_vision
import _common


def load(args):
    transformers = _common.need("transformers", "transformers")
    return transformers.CLIPVisionModelWithProjection.from_pretrained(args.model, cache_dir=args.cache_dir)


def main(argv=None, model=None, out=sys.stdout):
    return _hf_vision.main(
        argv, __doc__, "models/clip-vit-large-patch14-vision.onnx", load, lambda a: (3, 224, 224), "image_embeds", model, out,
        [(["--model"], {"default": "openai/clip-vit-large-patch14"})])


if __name__ == "__main__":
    main()
