#!/usr/bin/env python3
"""Baseline for the annotation-parsing benchmark: what the Bench2Drive tools
do (gzip + json per frame, one process), timed over the same files."""
import gzip
import json
import os
import statistics
import sys
import time


def parse_clip(anno_dir):
    files = sorted(f for f in os.listdir(anno_dir) if f.endswith(".json.gz"))
    boxes = 0
    for name in files:
        with gzip.open(os.path.join(anno_dir, name), "rt") as f:
            anno = json.load(f)
        boxes += len(anno["bounding_boxes"])
    return len(files), boxes


def main():
    anno_dir, repeats = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        frames, boxes = parse_clip(anno_dir)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(json.dumps({"frames": frames, "boxes": boxes, "median_s": median, "frames_per_s": frames / median}))


if __name__ == "__main__":
    main()
