#!/usr/bin/env python3
"""Exports every tools/export wrapper around a small torch-only stand-in of its model, through the scripts' own
main(), so the written signatures (names, dtypes, ranks, fixed sizes) can be checked against the C# wrappers
without open_clip, diffusers, transformers, segment_anything or groundingdino (none is packaged for Debian).

    python3 tools/export/selftest.py OUT_DIR      # writes OUT_DIR/*.onnx and OUT_DIR/signatures.txt

The stand-ins have the call interface of the real models (visual(x) -> (pooled, tokens), encode_text,
vae.encode(x).latent_dist.{mean,parameters}, vae.decode(z).sample, the tokenized GroundingDINO forward returning
pred_logits/pred_boxes, SAM's image_encoder and SamOnnxModel's inputs, Hugging Face outputs with .logits /
.image_embeds); their weights are random and their outputs meaningless. Tests: tests/Neurons.Vision.Tests
(ExportScriptGraphTests) and tests/Neurons.Evaluation.Tests (ExportScriptGraphTests).
"""
import io
import os
import sys
from types import SimpleNamespace

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.dont_write_bytecode = True  # no __pycache__ in the repository when tests run this
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _common  # noqa: E402
import export_clip_bigg_image  # noqa: E402
import export_clip_bigg_text  # noqa: E402
import export_clip_vit_l14  # noqa: E402
import export_grounding_dino  # noqa: E402
import export_sam  # noqa: E402
import export_sd15_vae  # noqa: E402
import export_videomae_6f  # noqa: E402
import export_vit_b16  # noqa: E402


class Visual(nn.Module):
    """OpenCLIP VisionTransformer's interface: 56-px patches of a 224 image -> 16 tokens of 32 (+ pooled)."""

    def __init__(self):
        super().__init__()
        self.output_tokens = False
        self.patch = nn.Conv2d(3, 32, 56, stride=56)

    def forward(self, x):
        tokens = self.patch(x).flatten(2).transpose(1, 2)
        pooled = tokens.mean(1)
        return (pooled, tokens) if self.output_tokens else pooled


class TextTower(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(49408, 16)
        self.proj = nn.Linear(16, 16)

    def encode_text(self, ids):
        eot = ids.argmax(dim=-1)  # open_clip pools at the end-of-text token (the highest id)
        return self.proj(self.embed(ids)[torch.arange(ids.shape[0]), eot])


class Vae(nn.Module):
    def __init__(self):
        super().__init__()
        self.moments = nn.Conv2d(3, 8, 1)
        self.out = nn.Conv2d(4, 3, 1)

    def encode(self, x):
        p = self.moments(F.avg_pool2d(x, 8))
        return SimpleNamespace(latent_dist=SimpleNamespace(parameters=p, mean=p[:, :4]))

    def decode(self, z):
        return SimpleNamespace(sample=self.out(F.interpolate(z, scale_factor=8.0, mode="nearest")))


class GroundingDino(nn.Module):
    """The tokenized forward of the export recipe's fork: 900 queries x 256 text positions, boxes in [0, 1]."""

    def __init__(self):
        super().__init__()
        self.queries = nn.Parameter(torch.randn(900, 8))
        self.image = nn.Conv2d(3, 8, 1)
        self.text = nn.Embedding(30522, 8)
        self.box = nn.Linear(8, 4)

    def forward(self, samples, input_ids=None, attention_mask=None, position_ids=None, token_type_ids=None, text_token_mask=None):
        img = self.image(samples).mean((2, 3))  # [B, 8]
        txt = self.text(input_ids) + position_ids.unsqueeze(-1) + token_type_ids.unsqueeze(-1)
        txt = txt * attention_mask.unsqueeze(-1) * text_token_mask.float().mean(-1, keepdim=True)
        q = self.queries.unsqueeze(0) + img.unsqueeze(1)  # [B, 900, 8]
        logits = q @ txt.transpose(1, 2)  # [B, 900, T]
        logits = F.pad(logits, (0, 256 - input_ids.shape[1]), value=float("-inf"))
        return {"pred_logits": logits, "pred_boxes": torch.sigmoid(self.box(q))}


class Sam(nn.Module):
    def __init__(self):
        super().__init__()
        self.image_encoder = nn.Conv2d(3, 256, 16, stride=16)


class SamDecoder(nn.Module):
    """SamOnnxModel's inputs and outputs (one mask at the 256 low-res size, upsampled 4x)."""

    def __init__(self):
        super().__init__()
        self.mix = nn.Conv2d(256, 1, 1)

    def forward(self, image_embeddings, point_coords, point_labels, mask_input, has_mask_input, orig_im_size):
        low = F.interpolate(self.mix(image_embeddings), size=(256, 256), mode="bilinear", align_corners=False)
        low = low + has_mask_input * mask_input + (point_coords.sum() + point_labels.sum() + orig_im_size.sum()) * 0
        masks = F.interpolate(low, scale_factor=4.0, mode="bilinear", align_corners=False)
        return masks, low.mean((2, 3)), low


class HfVision(nn.Module):
    def __init__(self, attribute, features, outputs):
        super().__init__()
        self.attribute = attribute
        self.head = nn.Linear(features, outputs)

    def forward(self, pixel_values):
        flat = F.adaptive_avg_pool2d(pixel_values.flatten(1, -3), 1).flatten(1)  # [B, C] or [B, F*C]
        return SimpleNamespace(**{self.attribute: self.head(flat)})


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(0)
    log = io.StringIO()
    p = lambda name: os.path.join(out_dir, name)  # noqa: E731
    export_clip_bigg_image.main(["--out", p("clip_image.onnx"), "--no-external-data"], Visual(), log)
    export_clip_bigg_text.main(["--out", p("clip_text.onnx"), "--no-external-data"], TextTower(), log)
    vae = Vae()
    export_sd15_vae.main(["--out", p("vae_encoder.onnx"), "--decoder-out", p("vae_decoder.onnx"), "--size", "64"], vae, log)
    export_sd15_vae.main(["--out", p("vae_encoder_mean.onnx"), "--decoder-out", "", "--encoder-output", "latent_mean", "--size", "64"], vae, log)
    export_grounding_dino.main(["--out", p("grounding_dino.onnx"), "--height", "64", "--width", "96"], GroundingDino(), log)
    export_sam.main(["--out", p("sam_encoder.onnx"), "--decoder-out", p("sam_decoder.onnx")], Sam(), SamDecoder(), log)
    export_videomae_6f.main(["--out", p("videomae.onnx")], HfVision("logits", 18, 400), log)
    export_vit_b16.main(["--out", p("vit.onnx")], HfVision("logits", 3, 1000), log)
    export_clip_vit_l14.main(["--out", p("clip_vision.onnx")], HfVision("image_embeds", 3, 768), log)
    with open(p("signatures.txt"), "w") as f:
        f.write(log.getvalue())
    print(log.getvalue())


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "selftest-out")
