#!/usr/bin/env python3
"""Export ViT-B/16 (ImageNet-1k, 224) for the `evaluate` stage (frame N-way).

    python3 tools/export/export_vit_b16.py --out models/vit-base-patch16-224.onnx

Writes `pixel_values` [B, 3, 224, 224] float32 -> `logits` [B, 1000] (optimum's ViT names). Needs transformers
(pip), not packaged for Debian.
"""
import sys

import _hf_vision
import _common


def load(args):
    transformers = _common.need("transformers", "transformers")
    return transformers.ViTForImageClassification.from_pretrained(args.model, cache_dir=args.cache_dir)


def main(argv=None, model=None, out=sys.stdout):
    return _hf_vision.main(
        argv, __doc__, "models/vit-base-patch16-224.onnx", load, lambda a: (3, 224, 224), "logits", model, out,
        [(["--model"], {"default": "google/vit-base-patch16-224"})])


if __name__ == "__main__":
    main()
