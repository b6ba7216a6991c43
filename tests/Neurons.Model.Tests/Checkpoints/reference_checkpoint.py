"""PyTorch side of the checkpoint tests (ReferenceCheckpointTests): plain torch.nn modules with the reference's
structure and attribute names (NEURONS model_variants/BrainModel_neurons.py: RidgeRegression, BrainModel, CLIPProj
under a Neurons container; see docs/checkpoints.md), written from docs/model.md and docs/checkpoints.md here, not copied.

    python3 reference_checkpoint.py write DIR REPO   # checkpoints, inputs, reference outputs, expected reports
    python3 reference_checkpoint.py check DIR        # load DIR/export.pth strictly, forward, DIR/export_outputs.pth
"""
import importlib.util
import json
import os
import sys

import torch
import torch.nn as nn

sys.dont_write_bytecode = True  # importing tools/checkpoints/pth_to_safetensors.py leaves no __pycache__ there

VOXELS = [37, 23]
HIDDEN, BLOCKS, TOKENS, WIDTH, TEXT = 16, 2, 4, 8, 6
DEVICE = None  # "meta" builds the paper size without memory


class RidgeRegression(nn.Module):
    def __init__(self, input_sizes, out_features, seq_len=1):
        super().__init__()
        self.seq_len = seq_len
        self.linears = nn.ModuleList([nn.Linear(v, out_features, device=DEVICE) for v in input_sizes])

    def forward(self, x, subj):  # x [B, seq, V]
        return torch.cat([self.linears[subj](x[:, s]).unsqueeze(1) for s in range(self.seq_len)], dim=1)


class BrainModel(nn.Module):
    def __init__(self, h, seq_len, n_blocks, clip_size, out_dim, drop=0.15):
        super().__init__()
        self.clip_size = clip_size

        def mlp(n):
            return nn.Sequential(nn.Linear(n, n, device=DEVICE), nn.GELU(), nn.Dropout(drop), nn.Linear(n, n, device=DEVICE))

        self.mixer_blocks1 = nn.ModuleList([nn.Sequential(nn.LayerNorm(h, device=DEVICE), mlp(h)) for _ in range(n_blocks)])
        self.mixer_blocks2 = nn.ModuleList([nn.Sequential(nn.LayerNorm(seq_len, device=DEVICE), mlp(seq_len)) for _ in range(n_blocks)])
        self.backbone_linear = nn.Linear(h * seq_len, out_dim, device=DEVICE)
        c = clip_size
        self.clip_proj = nn.Sequential(
            nn.LayerNorm(c, device=DEVICE), nn.GELU(), nn.Linear(c, c, device=DEVICE),
            nn.LayerNorm(c, device=DEVICE), nn.GELU(), nn.Linear(c, c, device=DEVICE),
            nn.LayerNorm(c, device=DEVICE), nn.GELU(), nn.Linear(c, c, device=DEVICE))

    def forward(self, x):
        # MindEye2's chaining: each residual stream carries the other's last value.
        residual1 = x
        residual2 = x.permute(0, 2, 1)
        for block1, block2 in zip(self.mixer_blocks1, self.mixer_blocks2):
            x = block1(x) + residual1
            residual1 = x
            x = x.permute(0, 2, 1)
            x = block2(x) + residual2
            residual2 = x
            x = x.permute(0, 2, 1)
        x = x.reshape(x.size(0), -1)
        tokens = self.backbone_linear(x).reshape(len(x), -1, self.clip_size)
        return tokens, self.clip_proj(tokens)


class CLIPProj(nn.Module):
    def __init__(self, width, text):
        super().__init__()
        self.proj = nn.Parameter(torch.randn(width, text, device=DEVICE))

    def forward(self, x):
        return torch.mean(x, dim=1) @ self.proj


class Neurons(nn.Module):
    pass


def build(with_ridge=True, voxels=None, hidden=HIDDEN, blocks=BLOCKS, tokens=TOKENS, width=WIDTH, text=TEXT):
    # The reference's assignment order: backbone, then (after loading last.pth) ridge and clipproj.
    m = Neurons()
    m.backbone = BrainModel(hidden, 1, blocks, width, tokens * width)
    if with_ridge:
        m.ridge = RidgeRegression(voxels or VOXELS, hidden)
        m.clipproj = CLIPProj(width, text)
    return m


def write_keys(m, path):
    with open(path, "w") as f:
        for k, v in m.state_dict().items():
            f.write(f"{k} [{', '.join(map(str, v.shape))}]\n")


def forward(m, x, subj):
    m.eval()
    with torch.no_grad():
        tokens, clip = m.backbone(m.ridge(x.unsqueeze(1), subj))
        return tokens, clip, m.clipproj(clip)


def outputs(m, inputs):
    """float32 outputs, and float64 ones (the model and inputs in double): the mixer's LayerNorm over the sequence axis
    of length 1 turns float32 rounding into noise of ~1e-5 that differs between implementations; in float64 it is ~1e-13."""
    out = {}
    for suffix, dtype in (("", torch.float32), ("_f64", torch.float64)):
        m = m.to(dtype)
        for s in range(len(VOXELS)):
            b, c, t = forward(m, inputs[f"x{s}"].to(dtype), s)
            out[f"backbone{s}{suffix}"], out[f"clip{s}{suffix}"], out[f"text{s}{suffix}"] = b, c, t
    m.float()
    return out


def report(result):
    return {"missing": list(result.missing_keys), "unexpected": list(result.unexpected_keys)}


def write(d, repo):
    torch.manual_seed(0)
    m = build()
    with torch.no_grad():
        for p in m.parameters():  # LayerNorm gains and biases too, so every tensor matters
            p.add_(torch.randn_like(p) * 0.3)
    # One AdamW step, so the checkpoint carries real optimiser state as the reference's save_ckpt does.
    opt = torch.optim.AdamW([p for n, p in m.named_parameters() if not n.startswith("clipproj")], lr=1e-3)
    m.train()
    x = torch.randn(3, 1, VOXELS[0])
    tok, clip = m.backbone(m.ridge(x, 0))
    clip.square().mean().backward()
    opt.step()
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=1e-3, total_steps=10, final_div_factor=1000, pct_start=0.2)
    sd = m.state_dict()
    base = {"epoch": 3, "model_state_dict": sd, "optimizer_state_dict": opt.state_dict(),
            "train_losses": [1.5, 1.25], "test_losses": [], "lrs": [4e-5, 1e-3]}
    torch.save(base, os.path.join(d, "stage1.pth"))
    torch.save(dict(base, lr_scheduler=sched.state_dict()), os.path.join(d, "stage1_sched.pth"))
    torch.save({k: v.half() for k, v in sd.items()}, os.path.join(d, "stage1_f16.pth"))

    inputs = {f"x{s}": torch.randn(5, v) for s, v in enumerate(VOXELS)}
    torch.save(dict(inputs, **outputs(m, inputs)), os.path.join(d, "reference_outputs.pth"))
    assert next(m.parameters()).dtype == torch.float32

    expected = {}
    # One missing and one unexpected key, loaded non-strictly into the full model.
    mu = {k: v for k, v in sd.items() if k != "backbone.clip_proj.8.bias"}
    mu["backbone.blin1.weight"] = torch.zeros(4, 4)
    torch.save({"model_state_dict": mu}, os.path.join(d, "stage1_mu.pth"))
    expected["mu"] = report(build().load_state_dict(mu, strict=False))
    # MindEye2's last.pth as the reference loads it in stage 1: into a Neurons that has only `backbone`.
    me = {"ridge.linears.0.weight": torch.randn(HIDDEN, 50), "ridge.linears.0.bias": torch.randn(HIDDEN)}
    me.update({k: v for k, v in sd.items() if k.startswith("backbone.") and k != "backbone.clip_proj.8.bias"})
    me["backbone.blin1.weight"] = torch.zeros(4, 4)
    me["backbone.bupsampler.conv_in.weight"] = torch.zeros(2, 2)
    torch.save({"epoch": 0, "model_state_dict": me}, os.path.join(d, "mindeye_last.pth"))
    expected["mindeye"] = report(build(with_ridge=False).load_state_dict(me, strict=False))

    spec = importlib.util.spec_from_file_location("pth_to_safetensors", os.path.join(repo, "tools", "checkpoints", "pth_to_safetensors.py"))
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    with open(os.devnull, "w") as quiet:
        tool.convert(os.path.join(d, "stage1_sched.pth"), os.path.join(d, "stage1_sched.safetensors"), out=quiet)
        tool.convert(os.path.join(d, "mindeye_last.pth"), os.path.join(d, "mindeye_last.safetensors"), out=quiet)
    with open(os.path.join(d, "expected.json"), "w") as f:
        json.dump(expected, f)

    # The paper configuration's keys and shapes (subject 1 of cc2017), built on the meta device.
    global DEVICE
    DEVICE = "meta"
    write_keys(build(voxels=[13447], hidden=4096, blocks=4, tokens=256, width=1664, text=1280), os.path.join(d, "stage1_paper_subj01.txt"))
    write_keys(build(), os.path.join(d, "stage1_tiny.txt"))
    DEVICE = None


def check(d):
    ckpt = torch.load(os.path.join(d, "export.pth"), map_location="cpu")
    sd = ckpt["model_state_dict"]
    m = build()
    m.load_state_dict(sd, strict=True)
    inputs = torch.load(os.path.join(d, "reference_outputs.pth"))
    torch.save(outputs(m, inputs), os.path.join(d, "export_outputs.pth"))
    with open(os.path.join(d, "export.json"), "w") as f:
        json.dump({"keys": list(sd.keys()), "model_keys": list(m.state_dict().keys()),
                   "extra": {k: v for k, v in ckpt.items() if k != "model_state_dict"}}, f)


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2], sys.argv[3])
    else:
        check(sys.argv[2])
