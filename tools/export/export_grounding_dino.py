#!/usr/bin/env python3
"""Export Grounding DINO SwinT-OGC for the `segment` stage.

    python3 tools/export/export_grounding_dino.py --config GroundingDINO_SwinT_OGC.py \
        --checkpoint groundingdino_swint_ogc.pth --out models/grounding-dino/groundingdino_swint_ogc.onnx

Writes `img` [B, 3, H, W] float32, `input_ids`, `position_ids`, `token_type_ids` [B, T] int64,
`attention_mask` [B, T] bool, `text_token_mask` [B, T, T] bool -> `logits` [B, 900, 256] (raw, before sigmoid)
and `boxes` [B, 900, 4] (cx, cy, w, h in [0, 1]); H, W and T dynamic. The tokenisation (BERT WordPiece, phrase
masks, position ids) runs in C# (docs/models.md), so the model must take tokenized text: this needs the
`groundingdino` package of the export recipe's fork (wenyi5608/GroundingDINO, `demo/export_openvino.py`), whose
`GroundingDINO.forward(samples, input_ids, attention_mask, position_ids, token_type_ids, text_token_mask)` does.
Neither it nor IDEA-Research's package is packaged for Debian. Also copy bert-base-uncased's vocab.txt
(`bert_vocab`).
"""
import inspect
import sys

import torch
import torch.nn as nn

import _common

INPUTS = ["img", "input_ids", "attention_mask", "position_ids", "token_type_ids", "text_token_mask"]
OUTPUTS = ["logits", "boxes"]


class TokenizedGroundingDino(nn.Module):
    """Calls the tokenized forward and returns (pred_logits, pred_boxes)."""

    def __init__(self, model):
        super().__init__()
        params = inspect.signature(model.forward).parameters
        if "input_ids" not in params or "text_token_mask" not in params:
            raise SystemExit("error: this GroundingDINO.forward takes captions, not token tensors; install the export "
                             "recipe's fork (wenyi5608/GroundingDINO) whose forward takes input_ids ... text_token_mask")
        self.model = model

    def forward(self, img, input_ids, attention_mask, position_ids, token_type_ids, text_token_mask):
        out = self.model(img, input_ids=input_ids, attention_mask=attention_mask, position_ids=position_ids,
                         token_type_ids=token_type_ids, text_token_mask=text_token_mask)
        return out["pred_logits"], out["pred_boxes"]


def load_model(args):
    util = _common.need("groundingdino.util.inference", "groundingdino (the export recipe's fork)")
    return util.load_model(args.config, args.checkpoint, device=args.device)


def example_inputs(args):
    # "dog . ball ." tokenised: [CLS] dog . ball . [SEP]
    ids = torch.tensor([[101, 3899, 1012, 3608, 1012, 102]]).repeat(args.batch, 1)
    t = ids.shape[1]
    positions = torch.tensor([[0, 0, 1, 0, 1, 0]]).repeat(args.batch, 1)
    mask = torch.eye(t, dtype=torch.bool).unsqueeze(0).repeat(args.batch, 1, 1)
    mask[:, 1:3, 1:3] = True
    mask[:, 3:5, 3:5] = True
    return [torch.rand(args.batch, 3, args.height, args.width), ids, torch.ones_like(ids, dtype=torch.bool),
            positions, torch.zeros_like(ids), mask]


def main(argv=None, model=None, out=sys.stdout):
    p = _common.parser(__doc__.split("\n\n")[0], "models/grounding-dino/groundingdino_swint_ogc.onnx")
    p.add_argument("--config", default="GroundingDINO_SwinT_OGC.py", help="the model config of the groundingdino package")
    p.add_argument("--checkpoint", default="groundingdino_swint_ogc.pth")
    p.add_argument("--height", type=int, default=800)
    p.add_argument("--width", type=int, default=800)
    p.set_defaults(opset=16)
    args = p.parse_args(argv)
    wrapper = TokenizedGroundingDino(model if model is not None else load_model(args)).to(args.device)
    text = {1: "tokens"}
    axes = _common.batch_axes(INPUTS + OUTPUTS, args.static_batch, {
        "img": {2: "height", 3: "width"}, "input_ids": text, "attention_mask": text, "position_ids": text,
        "token_type_ids": text, "text_token_mask": {1: "tokens", 2: "tokens"}})
    return _common.run(wrapper, example_inputs(args), args.out, INPUTS, OUTPUTS, axes, args.opset, out=out)


if __name__ == "__main__":
    main()
