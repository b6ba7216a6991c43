#!/usr/bin/env python3
"""Export VideoMAE-base fine-tuned on Kinetics-400 with 6 frames for the `evaluate` stage (video N-way).

    python3 tools/export/export_videomae_6f.py --out models/videomae-base-k400-6f.onnx

Writes `pixel_values` [B, 6, 3, 224, 224] float32 -> `logits` [B, 400]. The model is loaded with
`num_frames=6`, so its sinusoid position table has 588 rows (6/2 x 14 x 14 tubelets); the C# wrapper rejects a
16-frame export. Needs transformers (pip), not packaged for Debian.
"""
import sys

import _hf_vision
import _common


def load(args):
    transformers = _common.need("transformers", "transformers")
    return transformers.VideoMAEForVideoClassification.from_pretrained(args.model, num_frames=args.frames, cache_dir=args.cache_dir)


def main(argv=None, model=None, out=sys.stdout):
    return _hf_vision.main(
        argv, __doc__, "models/videomae-base-k400-6f.onnx", load, lambda a: (a.frames, 3, 224, 224), "logits", model, out,
        [(["--model"], {"default": "MCG-NJU/videomae-base-finetuned-kinetics"}), (["--frames"], {"type": int, "default": 6})])


if __name__ == "__main__":
    main()
