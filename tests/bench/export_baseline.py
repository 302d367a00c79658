#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Baseline for bench_export: what a researcher's script does to make the same
LLaMA-Factory DPO folder — read each prompt frame with cv2.imread, encode it as
JPEG quality 95, write it, and json.dump the examples (ensure_ascii=False).
One process, as such scripts are. Prints {"pairs", "images", "median_s", "pairs_per_s"}.
usage: export_baseline.py PLAN.json OUT_DIR [REPEATS]"""
import json
import os
import shutil
import statistics
import sys
import time

import cv2


def export(plan, out):
    shutil.rmtree(out, ignore_errors=True)
    examples = []
    for e, pair in enumerate(plan):
        folder = os.path.join(out, "images", str(e))
        os.makedirs(folder)
        paths = []
        for k, frame in enumerate(pair["frames"]):
            ok, jpeg = cv2.imencode(".jpg", cv2.imread(frame), [cv2.IMWRITE_JPEG_QUALITY, 95])
            assert ok, frame
            rel = f"images/{e}/{k}.jpg"
            with open(os.path.join(out, rel), "wb") as f:
                f.write(jpeg.tobytes())
            paths.append(rel)
        examples.append({
            "conversations": [{"from": "human", "value": "<image>" * len(paths) + "\n" + pair["question"]}],
            "images": paths,
            "chosen": {"from": "gpt", "value": pair["chosen"]},
            "rejected": {"from": "gpt", "value": pair["rejected"]},
        })
    with open(os.path.join(out, "dpo.json"), "w", encoding="utf-8") as f:
        json.dump(examples, f, ensure_ascii=False)
    info = {"corevla_dpo": {"file_name": "dpo.json", "formatting": "sharegpt", "ranking": True,
                            "columns": {"messages": "conversations", "chosen": "chosen", "rejected": "rejected",
                                        "images": "images"}}}
    with open(os.path.join(out, "dataset_info.json"), "w", encoding="utf-8") as f:
        json.dump(info, f)
    return sum(len(p) for p in (x["images"] for x in examples))


def main():
    plan_file, out = sys.argv[1], sys.argv[2]
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    with open(plan_file, encoding="utf-8") as f:
        plan = json.load(f)
    seconds, images = [], 0
    for _ in range(repeats):
        start = time.perf_counter()
        images = export(plan, out)
        seconds.append(time.perf_counter() - start)
    median = statistics.median(seconds)
    print(json.dumps({"pairs": len(plan), "images": images, "median_s": round(median, 4),
                      "pairs_per_s": round(len(plan) / median, 3)}))


if __name__ == "__main__":
    main()
