#!/usr/bin/env python3
"""The closed loop's speed: `corevla closed-loop --json` on a demo project.

One model (the demo's DPO) drives the default size (3 scenarios of each of
the 5 kinds): simulated seconds per wall second and the share of each part
(prompt rendering, the model's decisions, stepping and control, writing the
recording, importing it), median of --runs. Baselines from the same run: the
same batch without recordings (--no-record: what recording costs), and real
time (1 simulated second per second). Then the default batch of
`corevla demo --closed-loop` (SFT and DPO, 30 runs): scenarios per minute.
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time


def batch(cli, project, models, extra, out):
    args = [cli, "closed-loop", "--project", project, "--json", "--out", out] + extra
    for m in models:
        args += ["--model", m]
    t0 = time.monotonic()
    r = subprocess.run(args, capture_output=True, text=True)
    wall = time.monotonic() - t0
    if r.returncode != 0:
        sys.exit(f"closed-loop failed: {r.stderr[-500:]}")
    j = json.loads(r.stdout)
    return wall, j


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cli", required=True)
    p.add_argument("--project", required=True)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--model", default="dpo (demo)")
    p.add_argument("--other", default="sft (demo)")
    a = p.parse_args()
    work = tempfile.mkdtemp(prefix="corevla-bench-cl-")
    rows = []
    for k in range(a.runs):
        wall, j = batch(a.cli, a.project, [a.model], [], os.path.join(work, f"rec{k}"))
        t = j["timing"]
        rows.append({"wall": wall, "sim": t["simulated_s"], **{p: t[p + "_s"] for p in ("render", "decide", "step", "record", "import")}})
    bare = [batch(a.cli, a.project, [a.model], ["--no-record"], os.path.join(work, f"bare{k}"))[0] for k in range(a.runs)]
    med = {key: statistics.median(r[key] for r in rows) for key in rows[0]}
    parts = ("render", "decide", "step", "record", "import")
    total = sum(med[p] for p in parts)
    print(json.dumps({
        "model": a.model, "runs": a.runs, "scenarios": 15,
        "simulated_s": round(med["sim"], 1), "wall_s": round(med["wall"], 1),
        "sim_s_per_wall_s": round(med["sim"] / med["wall"], 2),
        "vs_real_time": f"{med['sim'] / med['wall']:.1f}x",
        "share": {p: f"{100 * med[p] / med['wall']:.0f}%" for p in parts} | {"other (loading, process)": f"{100 * (med['wall'] - total) / med['wall']:.0f}%"},
        "without_recording_wall_s": round(statistics.median(bare), 1),
        "recording_costs": f"{med['wall'] / statistics.median(bare):.2f}x the batch without it",
    }))
    wall, j = batch(a.cli, a.project, [a.other, a.model], [], os.path.join(work, "default"))
    runs = sum(len(s["runs"]) for s in j["scenarios"])
    print(json.dumps({"default_batch": f"2 models x 15 scenarios = {runs} runs", "wall_s": round(wall, 1),
                      "runs_per_minute": round(60 * runs / wall, 1), "scenarios_per_minute": round(60 * runs / 2 / wall, 1)}))


if __name__ == "__main__":
    main()
