#!/usr/bin/env python3
"""Convert a PyTorch checkpoint (.pth) to a safetensors file of its state dict, with PyTorch alone.

For the checkpoints TorchSharp.PyBridge cannot read (see docs/checkpoints.md): the authors' and MindEye2's full
training checkpoints, whose OneCycleLR state pickles a bound method (and with it the optimiser), tensors above
2 GB, the legacy pre-1.6 torch.save format. Only the state dict is written (optimiser state is dropped); its key
names are kept as they are, so the pipeline's `init_from` / `weights_from` read the result like the .pth.

    python3 tools/checkpoints/pth_to_safetensors.py last.pth last.safetensors            # finds model_state_dict
    python3 tools/checkpoints/pth_to_safetensors.py ckpt.pth out.safetensors --key state_dict
    python3 tools/checkpoints/pth_to_safetensors.py ckpt.pth out.safetensors --dtype float32 --list

Needs only `torch` (Debian: apt-get install python3-torch); no `safetensors` package: the format (8-byte
little-endian header length, JSON header, raw little-endian data) is written here. Tensors are written one at a
time, so memory stays near the size of the checkpoint itself. The metadata records the nesting key
(`neurons.source`) and the source file name.
"""
import argparse
import json
import os
import struct
import sys

NESTED_KEYS = ("model_state_dict", "state_dict", "model", "module")
DTYPES = {
    "float64": "F64", "float32": "F32", "float16": "F16", "bfloat16": "BF16",
    "int64": "I64", "int32": "I32", "int16": "I16", "int8": "I8", "uint8": "U8", "bool": "BOOL",
}


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", help="the .pth / .pt / .ckpt file (torch.save)")
    p.add_argument("output", help="the .safetensors file to write")
    p.add_argument("--key", help=f"the key the state dict is nested under (default: top level if it is a state dict, else the first of {', '.join(NESTED_KEYS)})")
    p.add_argument("--dtype", choices=["keep", "float32", "float16", "bfloat16"], default="keep", help="convert floating-point tensors (default keep)")
    p.add_argument("--strip-prefix", default="", help="remove this prefix from every key (e.g. 'module.' of DataParallel checkpoints)")
    p.add_argument("--list", action="store_true", help="print each key, dtype and shape written")
    return p.parse_args(argv)


def is_state_dict(d):
    import torch
    return isinstance(d, dict) and len(d) > 0 and all(isinstance(v, torch.Tensor) for v in d.values())


def select_state_dict(obj, key=None):
    """Returns (source, state_dict) the way the pipeline's reader picks it."""
    if key is not None:
        if isinstance(obj, dict) and is_state_dict(obj.get(key)):
            return key, obj[key]
        raise SystemExit(f"error: no state dict under '{key}' (top-level keys: {sorted(map(str, obj)) if isinstance(obj, dict) else type(obj).__name__})")
    if is_state_dict(obj):
        return "(top level)", obj
    if isinstance(obj, dict):
        for k in NESTED_KEYS:
            if is_state_dict(obj.get(k)):
                return k, obj[k]
    raise SystemExit(f"error: no state dict at the top level nor under {', '.join(NESTED_KEYS)} (top-level keys: {sorted(map(str, obj)) if isinstance(obj, dict) else type(obj).__name__})")


def tensor_bytes(t):
    import torch
    t = t.detach().cpu().contiguous()
    if t.dtype == torch.bfloat16:
        t = t.view(torch.int16)  # numpy has no bfloat16: same bits
    if t.dtype == torch.bool:
        t = t.to(torch.uint8)
    return t.numpy().tobytes() if t.numel() > 0 else b""


def write_safetensors(path, tensors, metadata):
    """tensors: list of (name, tensor). Atomic: writes path.tmp, then renames."""
    header = {"__metadata__": metadata}
    offset = 0
    for name, t in tensors:
        dtype = DTYPES.get(str(t.dtype).replace("torch.", ""))
        if dtype is None:
            raise SystemExit(f"error: tensor '{name}' has dtype {t.dtype}, which safetensors cannot hold")
        size = t.numel() * t.element_size()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + size]}
        offset += size
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    raw += b" " * ((8 - len(raw) % 8) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for _, t in tensors:
            f.write(tensor_bytes(t))
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def convert(input_path, output_path, key=None, dtype="keep", strip_prefix="", show=False, out=sys.stdout):
    import torch
    obj = torch.load(input_path, map_location="cpu")
    source, state = select_state_dict(obj, key)
    target = None if dtype == "keep" else getattr(torch, dtype)
    tensors = []
    for name, t in state.items():
        if strip_prefix and name.startswith(strip_prefix):
            name = name[len(strip_prefix):]
        if target is not None and t.is_floating_point():
            t = t.to(target)
        tensors.append((name, t))
    write_safetensors(output_path, tensors, {"neurons.source": source, "neurons.converted_from": os.path.basename(input_path)})
    total = sum(t.numel() for _, t in tensors)
    # The signature this tool wrote: one line per tensor with --list, always a summary.
    if show:
        for name, t in tensors:
            print(f"{name}\t{str(t.dtype).replace('torch.', '')}\t{list(t.shape)}", file=out)
    print(f"wrote {output_path}: {len(tensors)} tensors, {total} elements, from '{source}' of {input_path}", file=out)
    return source, tensors


def main(argv=None):
    a = parse_args(argv)
    convert(a.input, a.output, a.key, a.dtype, a.strip_prefix, a.list)


if __name__ == "__main__":
    main()
