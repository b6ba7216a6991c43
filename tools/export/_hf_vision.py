"""The evaluation classifiers' common part: a Hugging Face vision model whose graph takes `pixel_values` and
returns one attribute of its output (`logits` or `image_embeds`)."""
import sys

import torch
import torch.nn as nn

import _common


class OutputAttribute(nn.Module):
    def __init__(self, model, attribute):
        super().__init__()
        self.model = model
        self.attribute = attribute

    def forward(self, pixel_values):
        return getattr(self.model(pixel_values=pixel_values), self.attribute)


def main(argv, doc, default_out, load, shape, attribute, model=None, out=sys.stdout, extra_args=None):
    p = _common.parser(doc.split("\n\n")[0], default_out)
    for args, kwargs in extra_args or []:
        p.add_argument(*args, **kwargs)
    args = p.parse_args(argv)
    wrapper = OutputAttribute(model if model is not None else load(args), attribute).to(args.device)
    axes = _common.batch_axes(["pixel_values", attribute], args.static_batch)
    return _common.run(wrapper, [torch.rand(args.batch, *shape(args))], args.out, ["pixel_values"], [attribute], axes, args.opset, out=out)
