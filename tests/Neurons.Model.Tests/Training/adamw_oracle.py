"""Oracle for AdamWOptimizer: runs torch.optim.AdamW (the single-tensor path) over parameters and gradients that the
C# test wrote as raw little-endian arrays, with a per-step learning rate and beta1 as the trainers' OneCycle schedule
sets them, and writes the parameters and both moments after the last step.

Usage: adamw_oracle.py DIR   (DIR/spec.json, DIR/p{i}.bin, DIR/g{s}_{i}.bin -> DIR/out_{p,m,v}{i}.bin)
"""
import json
import os
import sys

import numpy as np
import torch


def main(folder):
    with open(os.path.join(folder, "spec.json")) as f:
        spec = json.load(f)
    dtype = {"float32": (np.float32, torch.float32), "float64": (np.float64, torch.float64)}[spec["dtype"]]
    shapes = spec["shapes"]

    def read(name, shape):
        data = np.fromfile(os.path.join(folder, name), dtype=dtype[0])
        return torch.from_numpy(data.reshape(shape).copy())

    params = [torch.nn.Parameter(read(f"p{i}.bin", s)) for i, s in enumerate(shapes)]
    opt = torch.optim.AdamW(params, lr=spec["steps"][0]["lr"], betas=(spec["steps"][0]["beta1"], spec["beta2"]),
                            eps=spec["eps"], weight_decay=spec["weight_decay"], foreach=False)
    for s, step in enumerate(spec["steps"]):
        group = opt.param_groups[0]
        group["lr"] = step["lr"]
        group["betas"] = (step["beta1"], spec["beta2"])
        for i, (p, shape) in enumerate(zip(params, shapes)):
            p.grad = read(f"g{s}_{i}.bin", shape)
        opt.step()
    for i, p in enumerate(params):
        state = opt.state[p]
        for prefix, t in (("p", p.detach()), ("m", state["exp_avg"]), ("v", state["exp_avg_sq"])):
            t.contiguous().numpy().astype(dtype[0]).tofile(os.path.join(folder, f"out_{prefix}{i}.bin"))


if __name__ == "__main__":
    main(sys.argv[1])
