#!/usr/bin/env python3
"""Training-step throughput of the paired autoencoder in Python PyTorch, for comparison with
`pairinv_pae_train throughput` (the same architecture, loss and optimiser as learning/).

  python3 learning/tools/pae_throughput.py --preset quickstart --nt 250 --steps 20 --threads 2

Presets mirror learning/presets.cpp (channels, latent sizes, convolutions per stage, batch).
"""
import argparse
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

PRESETS = {
    # model channels, model latent, data channels, data latent, convs per stage, batch, lr
    "quickstart": ([8, 16, 32, 32], 32, [8, 16, 32, 32, 32], 64, 1, 16, 2e-3),
    "openfwi": ([32, 64, 128, 256], 128, [32, 64, 128, 256, 256], 256, 2, 64, 1e-3),
    "tiny": ([4, 8], 8, [4, 8], 8, 1, 8, 1e-3),
}


def plan(h, w, stages, min_size=4):
    sizes, strides = [(h, w)], []
    for _ in range(stages):
        s = tuple(2 if n > min_size else 1 for n in (h, w))
        h, w = (h + s[0] - 1) // s[0], (w + s[1] - 1) // s[1]
        strides.append(s)
        sizes.append((h, w))
    return sizes, strides


class ConvBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)
        self.norm = nn.BatchNorm2d(cout)

    def forward(self, x):
        return F.leaky_relu(self.norm(self.conv(x)), 0.2, inplace=True)


class Encoder(nn.Module):
    def __init__(self, shape, channels, latent, convs):
        super().__init__()
        sizes, strides = plan(shape[1], shape[2], len(channels))
        layers, cin = [], shape[0]
        for c, s in zip(channels, strides):
            layers.append(ConvBlock(cin, c, s))
            layers += [ConvBlock(c, c, 1) for _ in range(convs - 1)]
            cin = c
        self.stages = nn.Sequential(*layers)
        self.dense = nn.Linear(cin * sizes[-1][0] * sizes[-1][1], latent)

    def forward(self, x):
        return self.dense(self.stages(x).flatten(1))


class Decoder(nn.Module):
    def __init__(self, shape, channels, latent, convs, tanh):
        super().__init__()
        self.sizes, _ = plan(shape[1], shape[2], len(channels))
        self.channels, self.tanh = channels, tanh
        last = self.sizes[-1]
        self.dense = nn.Linear(latent, channels[-1] * last[0] * last[1])
        stages = []
        for s in range(len(channels)):
            cin, cout = channels[s], channels[max(s - 1, 0)]
            stages.append(nn.Sequential(ConvBlock(cin, cout, 1), *[ConvBlock(cout, cout, 1) for _ in range(convs - 1)]))
        self.stages = nn.ModuleList(stages)
        self.head = nn.Conv2d(channels[0], shape[0], 3, padding=1)

    def forward(self, z):
        last = self.sizes[-1]
        x = F.leaky_relu(self.dense(z), 0.2).view(z.shape[0], self.channels[-1], last[0], last[1])
        for s in reversed(range(len(self.stages))):
            if tuple(x.shape[2:]) != self.sizes[s]:
                x = F.interpolate(x, size=self.sizes[s], mode="bilinear", align_corners=False)
            x = self.stages[s](x)
        x = self.head(x)
        return torch.tanh(x) if self.tanh else x


class Paired(nn.Module):
    def __init__(self, mshape, dshape, mc, ml, dc, dl, convs):
        super().__init__()
        self.eq, self.dq = Encoder(mshape, mc, ml, convs), Decoder(mshape, mc, ml, convs, True)
        self.eb, self.db = Encoder(dshape, dc, dl, convs), Decoder(dshape, dc, dl, convs, False)
        self.m = nn.Linear(ml, dl, bias=False)
        self.mdag = nn.Linear(dl, ml, bias=False)

    def loss(self, q, b):  # weights rec_q = rec_b = fwd = inv = path_q = 1, path_b = 0 (the presets')
        zq, zb = self.eq(q), self.eb(b)
        mzb = self.mdag(zb)
        mse = F.mse_loss
        return (mse(self.dq(zq), q) + mse(self.db(zb), b) + mse(self.m(zq), zb) + mse(mzb, zq)
                + mse(self.dq(mzb), q))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--preset", default="quickstart", choices=PRESETS)
    p.add_argument("--nz", type=int, default=70)
    p.add_argument("--nx", type=int, default=70)
    p.add_argument("--nshots", type=int, default=5)
    p.add_argument("--nt", type=int, default=250)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--device", default="cpu")
    a = p.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    mc, ml, dc, dl, convs, bs, lr = PRESETS[a.preset]
    torch.manual_seed(1)
    dev = torch.device(a.device)
    net = Paired((1, a.nz, a.nx), (a.nshots, a.nt, a.nx), mc, ml, dc, dl, convs).to(dev).train()
    opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=1e-4)
    q = torch.rand(bs, 1, a.nz, a.nx, device=dev) * 2 - 1
    b = torch.randn(bs, a.nshots, a.nt, a.nx, device=dev) * 0.1

    def step():
        opt.zero_grad()
        net.loss(q, b).backward()
        opt.step()

    for _ in range(a.warmup):
        step()
    if dev.type == "cuda":
        torch.cuda.synchronize()
    t = time.perf_counter()
    for _ in range(a.steps):
        step()
    if dev.type == "cuda":
        torch.cuda.synchronize()
    rate = a.steps * bs / (time.perf_counter() - t)
    print(f"python throughput: {rate:.2f} samples/s ({a.preset}, batch {bs}, data {a.nshots}x{a.nt}x{a.nx}, "
          f"torch {torch.__version__}, {torch.get_num_threads()} threads, {a.device})")


if __name__ == "__main__":
    main()
