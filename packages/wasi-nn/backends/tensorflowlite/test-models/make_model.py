"""Writes the tensorflowlite backend's test model and the outputs LiteRT's
own Python API computes for it.

    python3 make_model.py      (needs tflite==2.18.0, flatbuffers, ai-edge-litert==2.3.0, numpy)

multi.tflite (three inputs, three outputs, in the main subgraph's order):
    a f32[1,4], b f32[1,4], c i32[2,3]  ->  a+b f32[1,4], a*b f32[1,4], c+c i32[2,3]
The model is built with the tflite schema classes (flatbuffers), so no
converter is involved; expected.json holds the inputs and the outputs of
ai_edge_litert's Interpreter, with numpy dtype names.
"""
import json
import os

import flatbuffers
import numpy as np
import tflite
from ai_edge_litert.interpreter import Interpreter

HERE = os.path.dirname(os.path.abspath(__file__))

# (name, schema TensorType, shape); inputs first, then outputs.
TENSORS = [
    ("a", tflite.TensorType.FLOAT32, [1, 4]),
    ("b", tflite.TensorType.FLOAT32, [1, 4]),
    ("c", tflite.TensorType.INT32, [2, 3]),
    ("sum", tflite.TensorType.FLOAT32, [1, 4]),
    ("product", tflite.TensorType.FLOAT32, [1, 4]),
    ("twice", tflite.TensorType.INT32, [2, 3]),
]
INPUTS, OUTPUTS = [0, 1, 2], [3, 4, 5]
OPCODES = [tflite.BuiltinOperator.ADD, tflite.BuiltinOperator.MUL]
# (opcode index, inputs, outputs)
OPERATORS = [(0, [0, 1], [3]), (1, [0, 1], [4]), (0, [2, 2], [5])]


def int_vector(builder, start, values):
    start(builder, len(values))
    for v in reversed(values):
        builder.PrependInt32(v)
    return builder.EndVector()


def offset_vector(builder, start, offsets):
    start(builder, len(offsets))
    for o in reversed(offsets):
        builder.PrependUOffsetTRelative(o)
    return builder.EndVector()


def build_model() -> bytes:
    b = flatbuffers.Builder(1024)
    names = [b.CreateString(name) for name, _, _ in TENSORS]
    tensors = []
    for (name, ttype, shape), name_offset in zip(TENSORS, names):
        shape_offset = int_vector(b, tflite.TensorStartShapeVector, shape)
        tflite.TensorStart(b)
        tflite.TensorAddShape(b, shape_offset)
        tflite.TensorAddType(b, ttype)
        tflite.TensorAddBuffer(b, 0)
        tflite.TensorAddName(b, name_offset)
        tensors.append(tflite.TensorEnd(b))
    operators = []
    for opcode, ins, outs in OPERATORS:
        ins_offset = int_vector(b, tflite.OperatorStartInputsVector, ins)
        outs_offset = int_vector(b, tflite.OperatorStartOutputsVector, outs)
        tflite.OperatorStart(b)
        tflite.OperatorAddOpcodeIndex(b, opcode)
        tflite.OperatorAddInputs(b, ins_offset)
        tflite.OperatorAddOutputs(b, outs_offset)
        operators.append(tflite.OperatorEnd(b))
    tensors_offset = offset_vector(b, tflite.SubGraphStartTensorsVector, tensors)
    inputs_offset = int_vector(b, tflite.SubGraphStartInputsVector, INPUTS)
    outputs_offset = int_vector(b, tflite.SubGraphStartOutputsVector, OUTPUTS)
    operators_offset = offset_vector(b, tflite.SubGraphStartOperatorsVector, operators)
    tflite.SubGraphStart(b)
    tflite.SubGraphAddTensors(b, tensors_offset)
    tflite.SubGraphAddInputs(b, inputs_offset)
    tflite.SubGraphAddOutputs(b, outputs_offset)
    tflite.SubGraphAddOperators(b, operators_offset)
    subgraph = tflite.SubGraphEnd(b)
    codes = []
    for code in OPCODES:
        tflite.OperatorCodeStart(b)
        tflite.OperatorCodeAddDeprecatedBuiltinCode(b, code)
        tflite.OperatorCodeAddBuiltinCode(b, code)
        tflite.OperatorCodeAddVersion(b, 1)
        codes.append(tflite.OperatorCodeEnd(b))
    tflite.BufferStart(b)
    empty_buffer = tflite.BufferEnd(b)  # buffer 0: "no data", by convention
    codes_offset = offset_vector(b, tflite.ModelStartOperatorCodesVector, codes)
    subgraphs_offset = offset_vector(b, tflite.ModelStartSubgraphsVector, [subgraph])
    buffers_offset = offset_vector(b, tflite.ModelStartBuffersVector, [empty_buffer])
    description = b.CreateString("wasi_nn tensorflowlite test model")
    tflite.ModelStart(b)
    tflite.ModelAddVersion(b, 3)
    tflite.ModelAddOperatorCodes(b, codes_offset)
    tflite.ModelAddSubgraphs(b, subgraphs_offset)
    tflite.ModelAddBuffers(b, buffers_offset)
    tflite.ModelAddDescription(b, description)
    b.Finish(tflite.ModelEnd(b), file_identifier=b"TFL3")
    return bytes(b.Output())


def describe(array: np.ndarray) -> dict:
    return {"dtype": str(array.dtype), "shape": list(array.shape), "values": array.flatten().tolist()}


def main() -> None:
    model = build_model()
    with open(os.path.join(HERE, "multi.tflite"), "wb") as f:
        f.write(model)
    inputs = [
        np.array([[0.5, -1.25, 2.0, 3.5]], dtype=np.float32),
        np.array([[4.0, 0.75, -0.5, 1.5]], dtype=np.float32),
        np.array([[1, -2, 3], [40000, -5, 6]], dtype=np.int32),
    ]
    interpreter = Interpreter(model_content=model)
    interpreter.allocate_tensors()
    for detail, value in zip(interpreter.get_input_details(), inputs):
        interpreter.set_tensor(detail["index"], value)
    interpreter.invoke()
    outputs = [interpreter.get_tensor(d["index"]) for d in interpreter.get_output_details()]
    expected = {"multi": {"inputs": [describe(a) for a in inputs], "outputs": [describe(a) for a in outputs]}}
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
