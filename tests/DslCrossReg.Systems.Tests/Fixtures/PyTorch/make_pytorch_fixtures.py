"""Writes the PyTorch fixtures of PyTorchWeightsTests (run once, by hand; the tests never run Python).

    /usr/bin/python3 make_pytorch_fixtures.py      # Debian's python3-torch (1.13); no other package needed

The modules are the PyTorch equivalents of the test project's `Encoder` network,
Input(6) >> Linear(8) >> Tanh >> Linear(4).Tap("embedding") >> Linear(3):

- encoder_sequential.pt / .safetensors: nn.Sequential(Linear(6, 8), Tanh(), Linear(8, 4), Linear(4, 3)),
  keys 0.weight, 0.bias, 2.weight, 2.bias, 3.weight, 3.bias;
- encoder_named.safetensors: a hand-written module with fc1, fc2 and head (other weights, seed 2).

encoder_outputs.json holds a fixed input and each module's output on it, in float32.

conv_sequential.pt / .safetensors and conv_outputs.json: the same for the `ConvEncoder` network,
Input(1, 6, 6) >> Conv2d(4, kernel: 3) >> BatchNorm2d >> ReLU >> MaxPool2d(2) >> Flatten >> Linear(3), as
nn.Sequential(Conv2d(1, 4, 3), BatchNorm2d(4), ReLU(), MaxPool2d(2), Flatten(), Linear(16, 3)), its BatchNorm's
running statistics moved by three training-mode batches (num_batches_tracked = 3, an int64 buffer); the output is
in eval mode.
"""
import json
import os
import struct

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))


def save_safetensors(state_dict, path):
    """The safetensors layout, by hand (the safetensors package is not installed here): an 8-byte little-endian
    header length, a JSON header {name: {dtype, shape, data_offsets}} padded with spaces to a multiple of 8, then
    each tensor's raw little-endian bytes, in header order."""
    header, blobs, offset = {}, [], 0
    for name, tensor in state_dict.items():
        dtype, numpy_type = {torch.float32: ("F32", "<f4"), torch.int64: ("I64", "<i8")}[tensor.dtype]
        data = tensor.detach().contiguous().numpy().astype(numpy_type).tobytes()
        header[name] = {"dtype": dtype, "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for data in blobs:
            f.write(data)


class NamedEncoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(6, 8)
        self.fc2 = nn.Linear(8, 4)
        self.head = nn.Linear(4, 3)

    def forward(self, x):
        return self.head(self.fc2(torch.tanh(self.fc1(x))))


def main():
    torch.manual_seed(1)
    sequential = nn.Sequential(nn.Linear(6, 8), nn.Tanh(), nn.Linear(8, 4), nn.Linear(4, 3))
    torch.manual_seed(2)
    named = NamedEncoder()
    torch.manual_seed(3)
    x = torch.randn(5, 6)

    torch.save(sequential.state_dict(), os.path.join(HERE, "encoder_sequential.pt"))
    save_safetensors(sequential.state_dict(), os.path.join(HERE, "encoder_sequential.safetensors"))
    save_safetensors(named.state_dict(), os.path.join(HERE, "encoder_named.safetensors"))

    with torch.no_grad():
        outputs = {
            "input": x.tolist(),
            "sequential": sequential(x).tolist(),
            "named": named(x).tolist(),
        }
    with open(os.path.join(HERE, "encoder_outputs.json"), "w") as f:
        json.dump(outputs, f, indent=1)
        f.write("\n")

    torch.manual_seed(4)
    conv = nn.Sequential(nn.Conv2d(1, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(16, 3))
    conv.train()
    with torch.no_grad():
        for _ in range(3):
            conv(torch.randn(8, 1, 6, 6) * 2 + 0.5)
    conv.eval()
    image = torch.randn(3, 1, 6, 6)
    torch.save(conv.state_dict(), os.path.join(HERE, "conv_sequential.pt"))
    save_safetensors(conv.state_dict(), os.path.join(HERE, "conv_sequential.safetensors"))
    with torch.no_grad():
        outputs = {"input": image.tolist(), "sequential": conv(image).tolist()}
    with open(os.path.join(HERE, "conv_outputs.json"), "w") as f:
        json.dump(outputs, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
