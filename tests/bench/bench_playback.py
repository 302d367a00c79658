#!/usr/bin/env python3
"""Playback benchmark: `corevla bench playback` (the GUI's decode pool) against
a baseline that does the same decode work the way B2DVisualize does it --
Python, every image read and decoded at full size with cv2.imread when it is
asked for, then scaled to the view.

    bench_playback.py --cli BUILD/app/corevla --work DIR [--runs 3] [--frames 100]

Writes the sample recordings and a project under DIR (kept between runs),
then measures a 6-camera Bench2Drive clip (1600x900 JPEG q20 at 10 Hz, views
at half resolution) and a CAVE session (H.264, a keyframe every 2 s). Prints
the medians of --runs runs, the ratio ours/baseline and the issue's targets,
and a last line of JSON.
"""
import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time

TARGETS = {  # (recording, metric): (comparison, bound)
    ("bench2drive", "realtime_x"): (">=", 4.0),
    ("bench2drive", "seek_p95_ms"): ("<", 50.0),
    ("cave", "seek_p95_ms"): ("<", 150.0),
}


def run(cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def prepare(cli, work, frames):
    sample, project = os.path.join(work, "sample"), os.path.join(work, "playback.corevla")
    os.makedirs(work, exist_ok=True)
    run([cli, "sample", "--out", sample, "--frames", str(frames)])  # returns at once when already there
    subprocess.run([cli, "import", "--project", project, sample, "--quiet"], capture_output=True, text=True)
    recordings = json.loads(run([cli, "info", "--project", project, "--json"]))["recordings"]
    clips = [r for r in recordings if r["source"] == "bench2drive_clip" and len(r["cameras"]) == 6]
    clips.sort(key=lambda r: r["missing_images"])  # a clip with every image, if there is one
    caves = [r for r in recordings if r["source"] == "cave_session"]
    if not clips or not caves:
        sys.exit("bench_playback: the sample project lacks a 6-camera clip or a CAVE session")
    return project, clips[0], caves[0]


def percentile(values, p):
    values = sorted(values)
    rank = max(1, min(len(values), int(-(-p * len(values) // 1))))  # nearest rank
    return values[rank - 1]


def ours(cli, project, recording, runs):
    results = [json.loads(run([cli, "bench", "playback", "--project", project, "--recording", str(recording["id"]),
                               "--json"])) for _ in range(runs)]
    keys = ("decoded_fps", "realtime_x", "seek_p50_ms", "seek_p95_ms")
    medians = {k: statistics.median(r[k] for r in results) for k in keys}
    medians.update({k: results[0][k] for k in ("cameras", "width", "frames")})
    return medians


def cameras_of(project, recording_id):
    db = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    rows = db.execute("SELECT pattern, width, height FROM cameras WHERE recording_id = ? AND is_attention = 0 "
                      "ORDER BY position LIMIT 6", (recording_id,)).fetchall()
    db.close()
    return rows


def baseline_jpeg(cv2, project, recording, runs, seeks=60):
    """Per request: read the file, decode it at full size, scale it to the view."""
    cams = cameras_of(project, recording["id"])
    root, frames, fps = recording["root"], recording["frames"], recording["fps"]
    width = cams[0][1] // 2

    def show(frame):
        for pattern, w, h in cams:
            image = cv2.imread(os.path.join(root, pattern % frame), cv2.IMREAD_COLOR)
            if image is not None:
                cv2.resize(image, (width, round(image.shape[0] * width / image.shape[1])), interpolation=cv2.INTER_AREA)

    results = []
    for i in range(runs):
        start = time.perf_counter()
        for frame in range(frames):
            show(frame)
        decoded_fps = frames / (time.perf_counter() - start)
        rng, latencies = random.Random(i + 1), []
        for _ in range(seeks):
            frame = rng.randrange(frames)
            t0 = time.perf_counter()
            show(frame)
            latencies.append((time.perf_counter() - t0) * 1000)
        results.append({"decoded_fps": decoded_fps, "realtime_x": decoded_fps / fps,
                        "seek_p50_ms": percentile(latencies, 0.5), "seek_p95_ms": percentile(latencies, 0.95)})
    return {k: statistics.median(r[k] for r in results) for k in results[0]}


def baseline_video(cv2, project, recording, runs, seeks=60):
    """What a Python tool does with a video: VideoCapture, seek by frame number, read."""
    pattern, width, _ = cameras_of(project, recording["id"])[0]
    path = os.path.join(recording["root"], pattern)
    capture = cv2.VideoCapture(path)
    video_fps = capture.get(cv2.CAP_PROP_FPS) or 20
    results = []
    for i in range(runs):
        rng, latencies = random.Random(i + 1), []
        for _ in range(seeks):
            frame = round(rng.randrange(recording["frames"]) / recording["fps"] * video_fps)
            t0 = time.perf_counter()
            capture.set(cv2.CAP_PROP_POS_FRAMES, frame)
            ok, image = capture.read()
            if ok:
                cv2.resize(image, (width // 2, image.shape[0] * (width // 2) // image.shape[1]), interpolation=cv2.INTER_AREA)
            latencies.append((time.perf_counter() - t0) * 1000)
        results.append({"seek_p50_ms": percentile(latencies, 0.5), "seek_p95_ms": percentile(latencies, 0.95)})
    capture.release()
    return {k: statistics.median(r[k] for r in results) for k in results[0]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--frames", type=int, default=100)
    args = parser.parse_args()
    try:
        import cv2
    except ImportError:
        cv2 = None
        print("baseline skipped: OpenCV for Python is missing. Install it with\n"
              "    apt-get install python3-opencv\n"
              "(Debian's package serves /usr/bin/python3; run this script with that interpreter).")

    project, clip, cave = prepare(args.cli, args.work, args.frames)
    report = {"runs": args.runs, "bench2drive": {"recording": clip["name"]}, "cave": {"recording": cave["name"]}}
    report["bench2drive"]["ours"] = ours(args.cli, project, clip, args.runs)
    report["cave"]["ours"] = ours(args.cli, project, cave, args.runs)
    if cv2 is not None:
        report["bench2drive"]["baseline"] = baseline_jpeg(cv2, project, clip, args.runs)
        report["cave"]["baseline"] = baseline_video(cv2, project, cave, args.runs)

    print(f"medians of {args.runs} runs; baseline = Python + cv2.imread per request (B2DVisualize), "
          f"cv2.VideoCapture seek for video")
    print(f"{'recording':12} {'metric':13} {'ours':>9} {'baseline':>9} {'ours/base':>9} {'speedup':>8}  target")
    ok = True
    for name in ("bench2drive", "cave"):
        entry = report[name]
        for metric in ("decoded_fps", "realtime_x", "seek_p50_ms", "seek_p95_ms"):
            mine, base = entry["ours"][metric], entry.get("baseline", {}).get(metric)
            ratio = f"{mine / base:9.2f}" if base else f"{'-':>9}"
            # How many times better: more frames per second, or fewer milliseconds.
            better = (mine / base if metric in ("decoded_fps", "realtime_x") else base / mine) if base else None
            speedup = f"{better:7.1f}x" if better else f"{'-':>8}"
            target = ""
            if (name, metric) in TARGETS:
                op, bound = TARGETS[(name, metric)]
                met = mine >= bound if op == ">=" else mine < bound
                ok = ok and met
                target = f"{op} {bound:g}: {'met' if met else 'MISSED'}"
            base_text = f"{base:9.2f}" if base else f"{'-':>9}"
            print(f"{name:12} {metric:13} {mine:9.2f} {base_text} {ratio} {speedup}  {target}")
    cams = report["bench2drive"]["ours"]
    print(f"bench2drive: {cams['cameras']} cameras at {cams['width']} px, {cams['frames']} frames; "
          f"cave: {report['cave']['ours']['cameras']} camera at {report['cave']['ours']['width']} px")
    report["targets_met"] = ok
    print(json.dumps(report))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
