"""Writes the PyTorch fixtures of PyTorchWeightsTests and PyTorchSequenceWeightsTests (run once, by hand; the tests
never run Python).

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

The token and sequence layers (PyTorchSequenceWeightsTests), each as NAME.pt, NAME.safetensors and NAME.json (the
int64 token ids, a [4, 5] batch of ids below 10; the module's output on them in eval mode; the state dict's keys in
PyTorch's order). Every parameter is moved by a small random step first, so that none keeps its fresh value:

- lstm_named: the `LstmTagger` network, TokenInput(5) >> Embedding(10, 6) >> LSTM(8) >> LayerNorm >> Linear(3), as a
  hand-written module with embed, lstm (nn.LSTM, batch_first, its last hidden state h_n[-1]), norm and head;
- gru_sequential: the `GruTagger` network, TokenInput(5) >> Embedding(10, 6) >> GRU(8) >> Linear(3), as
  nn.Sequential(Embedding(10, 6), LastHiddenGRU(6, 8, batch_first=True), Linear(8, 3)), keys 0.weight,
  1.weight_ih_l0, 1.weight_hh_l0, 1.bias_ih_l0, 1.bias_hh_l0, 2.weight, 2.bias (LastHiddenGRU: an nn.GRU that
  returns h_n[-1]);
- attention_named: the `AttentionTagger` network, TokenInput(5) >> Embedding(10, 8) >> TransformerEncoderLayer(2,
  feedforward: 16, dropout: 0.0) >> MultiheadAttention(2) >> Flatten >> Linear(3), as a hand-written module with embed,
  encoder (nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True): self_attn.in_proj_weight,
  self_attn.in_proj_bias, self_attn.out_proj.*, linear1.*, linear2.*, norm1.*, norm2.*), attn
  (nn.MultiheadAttention(8, 2, batch_first=True), called as attn(x, x, x): in_proj_weight, in_proj_bias, out_proj.*)
  and head.
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


class LstmTagger(nn.Module):
    """The `LstmTagger` network: token ids -> embedding -> the LSTM's last hidden state -> LayerNorm -> head."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(10, 6)
        self.lstm = nn.LSTM(6, 8, batch_first=True)
        self.norm = nn.LayerNorm(8)
        self.head = nn.Linear(8, 3)

    def forward(self, tokens):
        _, (hidden, _) = self.lstm(self.embed(tokens))
        return self.head(self.norm(hidden[-1]))


class LastHiddenGRU(nn.GRU):
    """An nn.GRU that returns its last layer's final hidden state, so that it fits in an nn.Sequential."""

    def forward(self, x):
        _, hidden = super().forward(x)
        return hidden[-1]


class AttentionTagger(nn.Module):
    """The `AttentionTagger` network: token ids -> embedding -> an encoder layer -> self-attention -> flatten -> head."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(10, 8)
        self.encoder = nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, batch_first=True)
        self.attn = nn.MultiheadAttention(8, 2, batch_first=True)
        self.head = nn.Linear(5 * 8, 3)

    def forward(self, tokens):
        x = self.encoder(self.embed(tokens))
        x, _ = self.attn(x, x, x)
        return self.head(x.flatten(1))


def write_token_fixture(stem, module, tokens):
    """stem.pt, stem.safetensors and stem.json: the module's state dict in both formats, and a json of the int64
    token ids, the module's output on them (eval mode, float32) and its state dict's keys in PyTorch's order.

    Every parameter is first moved by a small random step, as training would move it: a fresh LayerNorm's ones and
    zeros and attention's zero biases are also what a fresh network here starts with, and a load that skipped them
    would otherwise go unnoticed."""
    with torch.no_grad():
        for parameter in module.parameters():
            parameter.add_(0.2 * torch.randn_like(parameter))
    module.eval()
    state = module.state_dict()
    torch.save(state, os.path.join(HERE, stem + ".pt"))
    save_safetensors(state, os.path.join(HERE, stem + ".safetensors"))
    with torch.no_grad():
        outputs = {"input": tokens.tolist(), "output": module(tokens).tolist(), "keys": list(state.keys())}
    with open(os.path.join(HERE, stem + ".json"), "w") as f:
        json.dump(outputs, f, indent=1)
        f.write("\n")


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

    torch.manual_seed(5)
    tokens = torch.randint(0, 10, (4, 5))
    torch.manual_seed(6)
    write_token_fixture("lstm_named", LstmTagger(), tokens)
    torch.manual_seed(7)
    gru = nn.Sequential(nn.Embedding(10, 6), LastHiddenGRU(6, 8, batch_first=True), nn.Linear(8, 3))
    write_token_fixture("gru_sequential", gru, tokens)
    torch.manual_seed(8)
    write_token_fixture("attention_named", AttentionTagger(), tokens)


if __name__ == "__main__":
    main()
