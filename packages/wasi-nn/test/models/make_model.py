#!/usr/bin/python3
"""Writes the TorchScript test models of the wasi_nn tests and what they
must compute, beside this script:

  linear.pt      y = x @ W^T + b, W [8, 64], b [8] from a fixed seed;
                 x is f32 [N, 64] (any N), y is f32 [N, 8]
  multi.pt       five inputs of five tensor types, six outputs (a tuple),
                 see MultiIO below
  int_output.pt  forward returns an int, not a tensor: the plug-in must
                 refuse it at compute
  expected.json  for each model: the inputs used and the outputs this
                 script computed (dtype, shape, values; int64 values as
                 decimal strings)

Run with Debian's python3-torch, whose libtorch is the one the plug-in
links (TorchScript files written by other torch versions may not load):

  /usr/bin/python3 packages/wasi-nn/test/models/make_model.py

The files are checked in; the tests only read them.
"""
import json
import os
from typing import Tuple

import torch

HERE = os.path.dirname(os.path.abspath(__file__))


class Linear(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        torch.manual_seed(8)
        self.weight = torch.nn.Parameter(torch.randn(8, 64) * 0.125)
        self.bias = torch.nn.Parameter(torch.randn(8))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x @ self.weight.t() + self.bias


class MultiIO(torch.nn.Module):
    """a f32 [2,3], b i32 [2,3], c u8 [4], d f16 [2], e i64 [3]."""

    def forward(self, a: torch.Tensor, b: torch.Tensor, c: torch.Tensor,
                d: torch.Tensor, e: torch.Tensor
                ) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor,
                           torch.Tensor, torch.Tensor, torch.Tensor]:
        return (
            a * 2.0 + b.to(torch.float32),         # f32 [2,3]
            c.to(torch.int32) * 3 - 7,             # i32 [4]
            d * 2.0,                               # f16 [2]
            e * 1000000000007,                     # i64 [3], beyond f32
            c + 1,                                 # u8 [4], 255 wraps to 0
            a.to(torch.float64) / 3.0,             # f64: sent back as f32
        )


class IntOutput(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> int:
        return x.numel()


def describe(t: torch.Tensor) -> dict:
    dtype = str(t.dtype).replace('torch.', '')
    values = t.flatten().tolist()
    if t.dtype == torch.int64:
        values = [str(v) for v in values]  # JSON numbers lose int64 digits
    return {'dtype': dtype, 'shape': list(t.shape), 'values': values}


def save(module: torch.nn.Module, name: str) -> None:
    # TorchScript keeps the file name of the source in the archive's debug
    # info; naming this script relative to its directory keeps the checkout
    # path out of the checked-in files.
    forward = type(module).forward
    forward.__code__ = forward.__code__.replace(co_filename='make_model.py')
    torch.jit.save(torch.jit.script(module.eval()), os.path.join(HERE, name))


def main() -> None:
    os.chdir(HERE)
    linear = Linear()
    multi = MultiIO()
    save(linear, 'linear.pt')
    save(multi, 'multi.pt')
    save(IntOutput(), 'int_output.pt')

    # Inputs are small exact values so that JSON carries them losslessly.
    x = (torch.arange(2 * 64, dtype=torch.float32).reshape(2, 64) - 64) / 32
    multi_inputs = [
        torch.tensor([[0.5, -1.25, 3.0], [1e-3, 2.5, -8.0]], dtype=torch.float32),
        torch.tensor([[1, -2, 3], [2147483647 - 100, 0, -2147483648 + 50]],
                     dtype=torch.int32),
        torch.tensor([0, 7, 128, 255], dtype=torch.uint8),
        torch.tensor([1.5, -0.25], dtype=torch.float16),
        torch.tensor([1, -3, 4611686], dtype=torch.int64),
    ]
    # Outputs come from the saved files, as the plug-in will load them.
    loaded_linear = torch.jit.load(os.path.join(HERE, 'linear.pt'))
    loaded_multi = torch.jit.load(os.path.join(HERE, 'multi.pt'))
    with torch.no_grad():
        linear_out = loaded_linear(x)
        multi_out = loaded_multi(*multi_inputs)
    expected = {
        'torch': torch.__version__,
        'linear': {'inputs': [describe(x)], 'outputs': [describe(linear_out)]},
        'multi': {
            'inputs': [describe(t) for t in multi_inputs],
            'outputs': [describe(t) for t in multi_out],
        },
    }
    with open(os.path.join(HERE, 'expected.json'), 'w') as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write('\n')


if __name__ == '__main__':
    main()
