"""Writes the openvino backend's test model (OpenVINO IR: multi.xml and its
weights multi.bin) and the outputs OpenVINO's own Python API computes.

    python3 make_model.py      (needs openvino==2026.4.1 and numpy)

multi (three inputs, three outputs, in the model's order):
    a f32[2,3], b f32[2,3], c i32[4]
    -> a+b f32[2,3], a*W+b f32[2,3] (W: a constant stored in the weights), c*c i32[4]
expected.json holds the inputs and outputs, with numpy dtype names.
add (no constants, so add.bin is empty): x f32[3], y f32[3] -> x+y f32[3].
"""
import json
import os

import numpy as np
import openvino as ov
import openvino.opset13 as ops

HERE = os.path.dirname(os.path.abspath(__file__))


def build_model() -> ov.Model:
    a = ops.parameter([2, 3], ov.Type.f32, name="a")
    b = ops.parameter([2, 3], ov.Type.f32, name="b")
    c = ops.parameter([4], ov.Type.i32, name="c")
    weights = ops.constant(np.array([[0.5, -2.0, 1.5], [3.0, 0.25, -1.0]], dtype=np.float32))
    total = ops.add(a, b, name="sum")
    scaled = ops.add(ops.multiply(a, weights), b, name="scaled")
    squared = ops.multiply(c, c, name="squared")
    return ov.Model([total, scaled, squared], [a, b, c], "wasi_nn_openvino_test")


def build_add_model() -> ov.Model:
    x = ops.parameter([3], ov.Type.f32, name="x")
    y = ops.parameter([3], ov.Type.f32, name="y")
    return ov.Model([ops.add(x, y)], [x, y], "wasi_nn_openvino_add")


def describe(array: np.ndarray) -> dict:
    return {"dtype": str(array.dtype), "shape": list(array.shape), "values": array.flatten().tolist()}


def main() -> None:
    model = build_model()
    # Weights stay f32 (the default would compress them to f16).
    ov.save_model(model, os.path.join(HERE, "multi.xml"), compress_to_fp16=False)
    ov.save_model(build_add_model(), os.path.join(HERE, "add.xml"))
    inputs = [
        np.array([[1.0, -2.5, 3.0], [0.125, 4.0, -1.0]], dtype=np.float32),
        np.array([[0.5, 0.5, -3.0], [2.0, -4.0, 8.0]], dtype=np.float32),
        np.array([3, -7, 100, 46340], dtype=np.int32),
    ]
    compiled = ov.Core().compile_model(ov.Core().read_model(os.path.join(HERE, "multi.xml")), "CPU")
    results = compiled(inputs)
    outputs = [results[compiled.output(i)] for i in range(len(compiled.outputs))]
    expected = {"multi": {"inputs": [describe(a) for a in inputs], "outputs": [describe(np.asarray(o)) for o in outputs]}}
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
