#!/usr/bin/env python3
"""Export the NEURONS text-to-video graphs (AnimateDiff v3 + SparseCtrl RGB + RealisticVision, and
optionally the MindEye2 unCLIP keyframe UNet) to ONNX for the C# `generate` stage.

NOT run by CI or by the tests of this repository: it needs PyTorch, diffusers, onnx and the weights
(about 10 GB of downloads). The tests only check that `signatures.json` — the names, ranks, dtypes and
fixed sizes this script exports and verifies — equals the C# wrappers' expected signature table.

Usage (a Python 3.10+ environment with torch>=2.1, diffusers>=0.30, transformers, onnx, safetensors):

    python export_animatediff_onnx.py --out models/animatediff \
        --dreambooth realisticVisionV60B1_v51VAE.safetensors \
        [--base runwayml/stable-diffusion-v1-5] \
        [--motion-adapter guoyww/animatediff-motion-adapter-v1-5-3] \
        [--adapter-lora guoyww/animatediff-motion-lora-v1-5-3] \
        [--sparsectrl guoyww/animatediff-sparsectrl-rgb] \
        [--unclip-checkpoint unclip6_epoch0_step110000.ckpt --unclip-config generative_models/configs/unclip6.yaml \
         --sdxl-vae stabilityai/sdxl-vae --unclip-out models/unclip]

Every graph larger than 2 GB (the UNet3D, SparseCtrl, the unCLIP UNet) is written with its weights in one
external-data file `<name>.onnx.data` beside it; ONNX Runtime finds it there. Copy `vocab.json` and
`merges.txt` of the base model's tokenizer next to the graphs (the script does it).
"""
import argparse
import json
import os
import shutil
import sys
import tempfile

SIGNATURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "signatures.json")
OPSET = 17


def load_signatures():
    with open(SIGNATURES, encoding="utf-8") as f:
        return {g["graph"]: g for g in json.load(f)["graphs"]}


def dynamic_axes(signature):
    """{name: {axis: dim_name}} for every string (dynamic) dimension of the signature."""
    axes = {}
    for value in signature["inputs"] + signature["outputs"]:
        dyn = {i: d for i, d in enumerate(value["shape"]) if isinstance(d, str)}
        if dyn:
            axes[value["name"]] = dyn
    return axes


def export(module, args, signature, out_dir):
    """torch.onnx.export with the signature's names and dynamic axes, re-saved with external data, then verified."""
    import onnx
    import torch

    path = os.path.join(out_dir, signature["file"])
    with tempfile.TemporaryDirectory() as tmp:
        raw = os.path.join(tmp, "model.onnx")
        torch.onnx.export(
            module.eval(),
            args,
            raw,
            input_names=[v["name"] for v in signature["inputs"]],
            output_names=[v["name"] for v in signature["outputs"]],
            dynamic_axes=dynamic_axes(signature),
            opset_version=OPSET,
            do_constant_folding=True,
        )
        model = onnx.load(raw, load_external_data=True)
        for stale in (path, path + ".data"):
            if os.path.exists(stale):
                os.remove(stale)
        onnx.save_model(
            model,
            path,
            save_as_external_data=True,
            all_tensors_to_one_file=True,
            location=os.path.basename(path) + ".data",
            size_threshold=1024,
        )
    verify(path, signature)
    print(f"wrote {path}")


def verify(path, signature):
    """The written graph's inputs and outputs must have the signature's names, ranks, dtypes and fixed sizes."""
    import onnx

    model = onnx.load(path, load_external_data=False)
    dtypes = {onnx.TensorProto.FLOAT: "float32", onnx.TensorProto.INT64: "int64"}

    def table(values):
        result = {}
        for v in values:
            t = v.type.tensor_type
            dims = [d.dim_value if d.HasField("dim_value") else (d.dim_param or "?") for d in t.shape.dim]
            result[v.name] = (dtypes.get(t.elem_type, str(t.elem_type)), dims)
        return result

    initializers = {i.name for i in model.graph.initializer}
    present = {"inputs": table([i for i in model.graph.input if i.name not in initializers]), "outputs": table(model.graph.output)}
    for kind in ("inputs", "outputs"):
        for expected in signature[kind]:
            name = expected["name"]
            if name not in present[kind]:
                sys.exit(f"{path}: no {kind[:-1]} '{name}' (has {sorted(present[kind])})")
            dtype, dims = present[kind][name]
            if dtype != expected["dtype"] or len(dims) != len(expected["shape"]):
                sys.exit(f"{path}: {name} is {dtype}{dims}, expected {expected['dtype']}{expected['shape']}")
            for got, want in zip(dims, expected["shape"]):
                if isinstance(want, int) and got != want:
                    sys.exit(f"{path}: {name} is {dtype}{dims}, expected {expected['dtype']}{expected['shape']}")


def to_3d(x, batch, frames):
    """[B*F, C, h, w] -> [B, C, F, h, w] (diffusers folds frames into the batch; the C# side keeps them apart)."""
    return x.reshape(batch, frames, *x.shape[1:]).permute(0, 2, 1, 3, 4)


def to_folded(x):
    """[B, C, F, h, w] -> [B*F, C, h, w]."""
    b, c, f, h, w = x.shape
    return x.permute(0, 2, 1, 3, 4).reshape(b * f, c, h, w)


def build_wrappers(torch):
    nn = torch.nn

    class TextEncoder(nn.Module):
        def __init__(self, encoder):
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids):
            return self.encoder(input_ids).last_hidden_state

    class VaeEncoder(nn.Module):
        def __init__(self, vae):
            super().__init__()
            self.vae = vae

        def forward(self, sample):
            # mean ‖ logvar, as HF optimum's latent_parameters: the C# side takes the mean (the mode).
            return self.vae.encode(sample).latent_dist.parameters

    class VaeDecoder(nn.Module):
        def __init__(self, vae):
            super().__init__()
            self.vae = vae

        def forward(self, latent_sample):
            return self.vae.decode(latent_sample).sample

    class SparseCtrl(nn.Module):
        def __init__(self, controlnet):
            super().__init__()
            self.controlnet = controlnet

        def forward(self, timestep, encoder_hidden_states, controlnet_cond, conditioning_mask):
            batch, _, frames, h, w = controlnet_cond.shape
            # The noisy sample is multiplied by zero (set_noisy_sample_input_to_zero): pass zeros of its shape.
            sample = torch.zeros(batch, 4, frames, h, w, dtype=controlnet_cond.dtype)
            down, mid = self.controlnet(
                sample,
                timestep,
                encoder_hidden_states=encoder_hidden_states,
                controlnet_cond=controlnet_cond,
                conditioning_mask=conditioning_mask,
                conditioning_scale=1.0,
                return_dict=False,
            )
            return tuple(to_3d(r, batch, frames) for r in down) + (to_3d(mid, batch, frames),)

    class Unet(nn.Module):
        def __init__(self, unet):
            super().__init__()
            self.unet = unet

        def forward(self, sample, timestep, encoder_hidden_states, *residuals):
            return self.unet(
                sample,
                timestep,
                encoder_hidden_states=encoder_hidden_states,
                down_block_additional_residuals=[to_folded(r) for r in residuals[:12]],
                mid_block_additional_residual=to_folded(residuals[12]),
                return_dict=False,
            )[0]

    class UnclipUnet(nn.Module):
        def __init__(self, diffusion_model):
            super().__init__()
            self.model = diffusion_model

        def forward(self, x, timesteps, context, y):
            return self.model(x, timesteps=timesteps, context=context, y=y)

    return TextEncoder, VaeEncoder, VaeDecoder, SparseCtrl, Unet, UnclipUnet


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--dreambooth", required=True, help="realisticVisionV60B1_v51VAE.safetensors (replaces UNet, VAE and text encoder weights)")
    parser.add_argument("--base", default="runwayml/stable-diffusion-v1-5")
    parser.add_argument("--motion-adapter", default="guoyww/animatediff-motion-adapter-v1-5-3")
    parser.add_argument("--adapter-lora", default="guoyww/animatediff-motion-lora-v1-5-3", help="the v3 domain adapter LoRA, merged at scale 1.0 before export")
    parser.add_argument("--sparsectrl", default="guoyww/animatediff-sparsectrl-rgb")
    parser.add_argument("--size", type=int, default=256)
    parser.add_argument("--frames", type=int, default=16)
    parser.add_argument("--unclip-checkpoint")
    parser.add_argument("--unclip-config")
    parser.add_argument("--sdxl-vae", default="stabilityai/sdxl-vae")
    parser.add_argument("--unclip-out")
    args = parser.parse_args()

    import torch
    from diffusers import AnimateDiffSparseControlNetPipeline, MotionAdapter, SparseControlNetModel, StableDiffusionPipeline
    from diffusers.models import UNetMotionModel

    signatures = load_signatures()
    TextEncoder, VaeEncoder, VaeDecoder, SparseCtrl, Unet, UnclipUnet = build_wrappers(torch)
    os.makedirs(args.out, exist_ok=True)
    torch.set_grad_enabled(False)

    image = StableDiffusionPipeline.from_single_file(args.dreambooth, torch_dtype=torch.float32)
    adapter = MotionAdapter.from_pretrained(args.motion_adapter, torch_dtype=torch.float32)
    controlnet = SparseControlNetModel.from_pretrained(args.sparsectrl, torch_dtype=torch.float32)
    pipe = AnimateDiffSparseControlNetPipeline(
        vae=image.vae,
        text_encoder=image.text_encoder,
        tokenizer=image.tokenizer,
        unet=UNetMotionModel.from_unet2d(image.unet, adapter),
        motion_adapter=adapter,
        controlnet=controlnet,
        scheduler=image.scheduler,
    )
    # The v3 domain adapter LoRA: W += 1.0 * up @ down, baked into the weights before export.
    pipe.load_lora_weights(args.adapter_lora, adapter_name="v3_adapter")
    pipe.set_adapters(["v3_adapter"], [1.0])
    pipe.fuse_lora(lora_scale=1.0)
    pipe.unload_lora_weights()

    tokenizer_dir = os.path.join(args.out, "tokenizer")
    pipe.tokenizer.save_pretrained(tokenizer_dir)
    for name in ("vocab.json", "merges.txt"):
        shutil.copy(os.path.join(tokenizer_dir, name), os.path.join(args.out, name))

    side, frames = args.size // 8, args.frames
    ids = torch.full((2, 77), 49407, dtype=torch.int64)
    text = torch.zeros(2, 77, 768)
    t = torch.tensor([961], dtype=torch.int64)
    export(TextEncoder(pipe.text_encoder), (ids,), signatures["text_encoder"], args.out)
    export(VaeEncoder(pipe.vae), (torch.zeros(1, 3, args.size, args.size),), signatures["vae_encoder"], args.out)
    export(VaeDecoder(pipe.vae), (torch.zeros(1, 4, side, side),), signatures["vae_decoder"], args.out)
    cond = torch.zeros(2, 4, frames, side, side)
    mask = torch.zeros(2, 1, frames, side, side)
    mask[:, :, 0] = 1
    export(SparseCtrl(pipe.controlnet), (t, text, cond, mask), signatures["sparsectrl"], args.out)
    residuals = SparseCtrl(pipe.controlnet)(t, text, cond, mask)
    export(Unet(pipe.unet), (torch.zeros(2, 4, frames, side, side), t, text, *residuals), signatures["unet"], args.out)

    if args.unclip_checkpoint:
        # MindEye2's unclip6 (sgm DiffusionEngine); needs Stability's generative-models package on the path.
        from diffusers import AutoencoderKL
        from omegaconf import OmegaConf
        from sgm.util import instantiate_from_config

        config = OmegaConf.load(args.unclip_config)
        engine = instantiate_from_config(config.model)
        state = torch.load(args.unclip_checkpoint, map_location="cpu")
        engine.load_state_dict(state.get("state_dict", state), strict=False)
        out = args.unclip_out or args.out
        os.makedirs(out, exist_ok=True)
        x = torch.zeros(2, 4, 96, 96)
        export(UnclipUnet(engine.model.diffusion_model), (x, torch.tensor([999, 999]), torch.zeros(2, 256, 1664), torch.zeros(2, 1024)), signatures["unclip_unet"], out)
        sdxl = AutoencoderKL.from_pretrained(args.sdxl_vae, torch_dtype=torch.float32)
        export(VaeDecoder(sdxl), (torch.zeros(1, 4, 96, 96),), signatures["unclip_vae_decoder"], out)


if __name__ == "__main__":
    main()
