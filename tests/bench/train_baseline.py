#!/usr/bin/env python3
# The embedded model and one training step written in Python with Debian's
# python3-torch (the same 1.13.1 as libtorch-dev): the baseline bench_model
# is measured against. Same sizes, same layers, same loss, same AdamW.
# usage: train_baseline.py sft|dpo fp32|bf16 STEPS   (one JSON line)
import json, math, os, resource, sys, time

import torch
import torch.nn as nn
import torch.nn.functional as F

D, LAYERS, HEADS, FF, FRAMES, TPF, W, H, VOCAB, TEXT, BATCH = 256, 4, 4, 4, 5, 8, 128, 64, 1024, 88, 8
V = FRAMES * TPF


class Attention(nn.Module):
    def __init__(self):
        super().__init__()
        self.qkv, self.out = nn.Linear(D, 3 * D), nn.Linear(D, D)

    def forward(self, x):
        B, T, _ = x.shape
        q, k, v = self.qkv(x).view(B, T, 3, HEADS, D // HEADS).permute(2, 0, 3, 1, 4)
        scores = (q @ k.transpose(-2, -1)).float() / math.sqrt(D // HEADS)
        mask = torch.ones(T, T, dtype=torch.bool).triu(1)
        w = scores.masked_fill(mask, float("-inf")).softmax(-1).to(v.dtype)
        return self.out((w @ v).transpose(1, 2).reshape(B, T, D))


class Layer(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm1, self.norm2 = nn.LayerNorm(D), nn.LayerNorm(D)
        self.attention, self.up, self.down = Attention(), nn.Linear(D, FF * D), nn.Linear(FF * D, D)

    def forward(self, x):
        x = x + self.attention(self.norm1(x))
        return x + self.down(F.gelu(self.up(self.norm2(x))))


class Vla(nn.Module):
    def __init__(self):
        super().__init__()
        chans = [3, 32, 64, 96, 128]
        self.convs = nn.ModuleList(nn.Conv2d(chans[i], chans[i + 1], 3, 2, 1) for i in range(4))
        self.norms = nn.ModuleList(nn.GroupNorm(8, chans[i + 1]) for i in range(4))
        self.projector = nn.Sequential(nn.Linear(128, D), nn.GELU(), nn.Linear(D, D))
        self.tokens, self.positions, self.frames = nn.Embedding(VOCAB, D), nn.Embedding(V + 128, D), nn.Embedding(FRAMES, D)
        self.layers = nn.ModuleList(Layer() for _ in range(LAYERS))
        self.final = nn.LayerNorm(D)

    def encode(self, images):
        B = images.shape[0]
        x = images.flatten(0, 1).float() / 255 - 0.5
        for conv, norm in zip(self.convs, self.norms):
            x = F.gelu(norm(conv(x).float()))
        x = F.adaptive_avg_pool2d(x, (2, 4)).flatten(2).transpose(1, 2)
        x = self.projector(x).view(B, FRAMES, TPF, D) + self.frames.weight.view(1, FRAMES, 1, D)
        return x.view(B, V, D)

    def forward(self, visual, ids, start=0):
        x = torch.cat([visual.float(), self.tokens(ids)], 1)  # the residual stream in fp32, as ours
        x = x + self.positions.weight[: x.shape[1]]
        for layer in self.layers:
            x = layer(x)
        return self.final(x[:, V + start:]) @ self.tokens.weight.t()  # logits where the loss looks, as ours


def main():
    kind, precision, steps = sys.argv[1], sys.argv[2], int(sys.argv[3])
    torch.set_num_threads(int(os.environ.get("BENCH_THREADS", os.cpu_count())))  # as bench_model
    torch.manual_seed(0)
    net = Vla()
    opt = torch.optim.AdamW(net.parameters(), lr=1e-4)
    seqs = 2 * BATCH if kind == "dpo" else BATCH
    images = torch.randint(0, 255, (BATCH, FRAMES, 3, H, W), dtype=torch.uint8)
    ids = torch.randint(4, VOCAB, (seqs, TEXT))
    targets = torch.randint(4, VOCAB, (seqs, TEXT))
    mask = torch.zeros(seqs, TEXT)
    mask[:, 24:] = 1
    ref = torch.full((BATCH,), -100.0)
    times = []
    for s in range(steps + 2):
        t0 = time.perf_counter()
        opt.zero_grad()
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=precision == "bf16"):
            visual = net.encode(images)
            if kind == "dpo":
                visual = torch.cat([visual, visual], 0)
            start = int(mask.sum(0).nonzero()[0])
            logp = net(visual, ids, start).float().log_softmax(-1).gather(-1, targets[:, start:].unsqueeze(-1)).squeeze(-1)
            logps = (logp * mask[:, start:]).sum(-1)
            if kind == "dpo":
                h = (logps[:BATCH] - logps[BATCH:]) - (ref - ref)
                loss = -F.logsigmoid(0.1 * h).mean()
            else:
                loss = -logps.sum() / mask.sum()
            loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        opt.step()
        if s >= 2:
            times.append(time.perf_counter() - t0)
    times.sort()
    m = times[len(times) // 2]
    print(json.dumps({"bench": "step", "impl": "python", "kind": kind, "precision": precision, "steps": steps,
                      "median_s": round(m, 4), "steps_per_s": round(1 / m, 3), "threads": torch.get_num_threads(),
                      "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))


if __name__ == "__main__":
    main()
