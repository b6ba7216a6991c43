"""Shared helpers of the tools/export scripts: argument parsing, torch.onnx.export with the names the C# wrappers
bind, and printing the signature that was written.

Only `torch` is needed here. Each script imports its model library (open_clip, diffusers, transformers,
segment_anything, groundingdino) inside `load_model`, so `--help`, argument parsing and the torch-only wrappers work
without them; `selftest.py` exports every wrapper around a small stand-in model.
"""
import argparse
import os
import sys


def parser(description, default_out):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--out", default=default_out, help=f"the .onnx file to write (default {default_out})")
    p.add_argument("--opset", type=int, default=17, help="ONNX opset (default 17)")
    p.add_argument("--device", default="cpu", help="torch device for the export (default cpu)")
    p.add_argument("--batch", type=int, default=1, help="batch size of the dummy input (the batch axis stays dynamic unless --static-batch)")
    p.add_argument("--static-batch", action="store_true", help="fix the batch axis at --batch instead of leaving it dynamic")
    p.add_argument("--cache-dir", default=None, help="where the model library caches downloaded weights")
    return p


def need(module, pip_name):
    """Imports a model library or exits with one line saying what to install."""
    try:
        return __import__(module, fromlist=["_"])
    except ImportError:
        raise SystemExit(f"error: this export needs the Python package '{pip_name}' (pip install {pip_name}); "
                         "it is not packaged for Debian, so the project's machines cannot run this script")


def export(module, inputs, path, input_names, output_names, dynamic_axes, opset=17, external_data=False):
    """torch.onnx.export in eval mode without gradients; returns the path. external_data: for graphs above 2 GB."""
    import torch
    module.eval()
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with torch.no_grad():
        kwargs = dict(input_names=input_names, output_names=output_names, dynamic_axes=dynamic_axes,
                      opset_version=opset, do_constant_folding=True)
        if external_data:
            # torch >= 2.0 writes tensors above the protobuf limit as external data itself (use_external_data_format
            # in 1.x); the data files sit beside the .onnx and must stay there.
            try:
                torch.onnx.export(module, tuple(inputs), path, **kwargs)
            except RuntimeError as e:
                raise SystemExit(f"error: {path}: {e} (export with a PyTorch that writes external data, >= 2.0)")
        else:
            torch.onnx.export(module, tuple(inputs), path, **kwargs)
    return path


def batch_axes(names, static_batch, extra=None):
    """{name: {0: 'batch'}} for each name (unless static), merged with extra per-name axes."""
    axes = {} if static_batch else {n: {0: "batch"} for n in names}
    for name, more in (extra or {}).items():
        axes.setdefault(name, {}).update(more)
    return axes


def signature(path, fallback=None):
    """Lines 'input|output name dtype [dims]' read back from the file with the onnx package, or, without it,
    the fallback lines the script derived from its traced tensors."""
    try:
        import onnx
    except ImportError:
        return ["(onnx package not installed: signature from the traced tensors)"] + list(fallback or [])
    model = onnx.load(path, load_external_data=False)
    names = {v: k for k, v in onnx.TensorProto.DataType.items()}

    def dims(t):
        return [d.dim_param if d.dim_param else d.dim_value for d in t.type.tensor_type.shape.dim]

    lines = [f"input {i.name} {names[i.type.tensor_type.elem_type].lower()} {dims(i)}" for i in model.graph.input]
    return lines + [f"output {o.name} {names[o.type.tensor_type.elem_type].lower()} {dims(o)}" for o in model.graph.output]


def traced(kind, names, tensors, dynamic_axes):
    """Fallback signature lines from example tensors: dynamic axes shown by name."""
    lines = []
    for name, t in zip(names, tensors):
        axes = dynamic_axes.get(name, {})
        shape = [axes.get(i, d) for i, d in enumerate(t.shape)]
        lines.append(f"{kind} {name} {str(t.dtype).replace('torch.', '')} {shape}")
    return lines


def report(path, input_names, inputs, output_names, outputs, dynamic_axes, out=sys.stdout):
    """Prints the signature written (the C# wrapper checks these names, dtypes and fixed sizes at load)."""
    if not isinstance(outputs, (tuple, list)):
        outputs = [outputs]
    fallback = traced("input", input_names, inputs, dynamic_axes) + traced("output", output_names, outputs, dynamic_axes)
    print(f"wrote {path}", file=out)
    for line in signature(path, fallback):
        print(f"  {line}", file=out)


def run(module, inputs, path, input_names, output_names, dynamic_axes, opset, external_data=False, out=sys.stdout):
    """Export, then print the signature; returns the example outputs."""
    import torch
    with torch.no_grad():
        outputs = module.eval()(*inputs)
    export(module, inputs, path, input_names, output_names, dynamic_axes, opset, external_data)
    report(path, input_names, inputs, output_names, outputs, dynamic_axes, out)
    return outputs
