#!/usr/bin/env python3
"""Writes the fuzz seed corpora (tests/fuzz/corpus/<target>/) from a sample
set (`corevla sample --out DIR`), trimmed small, plus hand-written seeds for
the corners the sample does not show. Usage: seeds.py SAMPLE_DIR [OUT_DIR]"""
import glob
import gzip
import io
import json
import os
import struct
import sys
import tarfile
import zlib

sample = sys.argv[1]
out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")


def put(target, name, data):
    os.makedirs(os.path.join(out, target), exist_ok=True)
    with open(os.path.join(out, target, name), "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)


def compact(value):
    return json.dumps(value, separators=(",", ":"))


# anno: real frames with the boxes and sensors cut down (the harness gzips
# JSON text), one real-sized frame still gzip'd, and the NaN/null corners.
annos = sorted(glob.glob(os.path.join(sample, "bench2drive", "*", "anno", "*.json.gz")))
for i, path in enumerate([annos[0], annos[len(annos) // 2], annos[-1]]):
    with gzip.open(path) as f:
        frame = json.load(f)
    frame["bounding_boxes"] = frame["bounding_boxes"][:3]
    frame["sensors"] = {k: v for k, v in list(frame["sensors"].items()) if k in ("CAM_FRONT", "CAM_BACK_LEFT", "LIDAR_TOP")}
    put("anno", f"sample{i}.json", compact(frame))
    if i == 0:
        put("anno", "sample0.json.gz", gzip.compress(compact(frame).encode(), mtime=0))
put("anno", "nonfinite.json", '{"x":1,"y":2,"theta":NaN,"speed":null,"acceleration":[-Infinity,0,9.8],'
                              '"bounding_boxes":[{"class":"walker","id":7,"center":[1,2,0],"extent":[0.3,0.3,0.9]}]}')
put("anno", "notobject.json", '[1,2,3]')

# CAVE log.jsonl: the first ticks of each session and the ticks around its
# first takeover (authority changes and events are where the logic is).
for path in sorted(glob.glob(os.path.join(sample, "cave", "*", "log.jsonl"))):
    lines = open(path).read().splitlines(True)
    session = os.path.basename(os.path.dirname(path))
    put("cave_log", f"{session}_start.jsonl", "".join(lines[:12]))
    driver = next((i for i, l in enumerate(lines) if '"authority":"driver"' in l), None)
    if driver is not None:
        put("cave_log", f"{session}_takeover.jsonl", "".join(lines[max(0, driver - 3):driver + 25]))
put("cave_log", "corners.jsonl",
    '{"t":0,"authority":"model","model":{"speed_cmd":"KEEP","waypoints":[[1,2],[3],"x"]}}\r\n'
    'not json\n\n   \n'
    '{"t":0}\n'
    '{"t":0.1,"authority":"driver","events":["takeover_end",3,"bookmark"]}\n'
    '{"t":0.2,"authority":"pilot","events":["takeover_start"]}\n'
    '{"t":0.3,"authority":"driver"}\n'
    '{"t":"0.4"}\n'
    '{"t":0.5,"ego":{"speed":null},"events":["collision","takeover_end"]}')

# CAVE session.json: the sample's, and versions/cameras it does not show.
for path in sorted(glob.glob(os.path.join(sample, "cave", "*", "session.json"))):
    put("cave_session", os.path.basename(os.path.dirname(path)) + ".json", open(path).read())
put("cave_session", "version_text.json",
    '{"format":"cave-session","version":"1.2.0","cameras":[{"file":"left.mp4"},{"name":"x"}],"extra":{"a":[1,null]}}')
put("cave_session", "newer.json", '{"format":"cave-session","version":2.5}')
put("cave_session", "cameras_not_list.json", '{"format":"cave-session","version":1,"cameras":{"file":"a.mp4"},"attention":""}')

# Bench2Drive results: the sample's, and a record with odd types.
put("b2d_results", "sample.json", open(os.path.join(sample, "eval", "results.json")).read())
put("b2d_results", "odd.json",
    '{"_checkpoint":{"records":[{"route_id":7,"weather_id":"3","save_name":"r","scores":{"score_route":NaN},'
    '"infractions":{"red_light":["at (x=1, y=2, z=3)","(x=5e3, y=-Infinity","(x=1,y=2,z="],"bad":3},'
    '"meta":{"duration_system":Infinity},"index":2,"num_infractions":1},3,null]},"entry_status":"Crashed"}')
put("b2d_results", "no_records.json", '{"_checkpoint":{"records":{}}}')

# Bench2Drive-VL inference files: single calls, and a folder's worth (files
# separated by a form feed, as the harness splits them).
calls = []
for folder in sorted(glob.glob(os.path.join(sample, "eval", "infer_results", "*", "*"))):
    files = sorted(glob.glob(os.path.join(folder, "*.json")))
    for path in files[:2]:
        call = json.load(open(path))
        call.pop("Cameras", None)
        for items in call["QA"].values():
            for item in items:
                item["actual_Q"] = item.get("actual_Q", "")[:80]
        calls.append(compact(call))
for i, call in enumerate(calls[:3]):
    put("b2d_vl", f"call{i}.json", call)
put("b2d_vl", "folder.txt", "\f".join(calls[:3]))
put("b2d_vl", "corners.txt",
    '{"frame_number":20,"QA":{"planning":[{"qid":50,"actual_Q":"q","VLM_answer":"STOP, TURN_LEFT"},{"qid":43}]}}\f'
    '{"scenario":"","frame_number":10.5,"QA":{"x":[{"qid":50,"VLM_answer":"KEEPING CHANGE_LANE_LEFT_"}]}}\f'
    '{"frame_number":NaN,"QA":[]}\f{"QA":{}}')


# tar: small archives in the clip layout (plain tar: zlib reads it as it is),
# each header flavour the reader knows, and entries it must refuse or skip.
def tar_bytes(entries, fmt=tarfile.USTAR_FORMAT, gz=False):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt) as tar:
        for name, kind, data in entries:
            info = tarfile.TarInfo(name)
            info.mtime = 0
            info.type = kind
            if kind == tarfile.SYMTYPE or kind == tarfile.LNKTYPE:
                info.linkname = data
                data = b""
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data) if data else None)
    raw = buf.getvalue()
    while raw.endswith(bytes(512)):  # the zero blocks at the end teach nothing
        raw = raw[:-512]
    return gzip.compress(raw, mtime=0) if gz else raw


clip = "StaticCutIn_Town05_Route202_Weather1"
anno = gzip.compress(b'{"x":1,"y":2}', mtime=0)
jpeg = bytes.fromhex("ffd8ffc0000b080010002003012200ffd9")
put("tar", "clip.tar", tar_bytes([(clip, tarfile.DIRTYPE, b""), (f"{clip}/anno/00000.json.gz", tarfile.REGTYPE, anno),
                                  (f"{clip}/camera/rgb_front/00000.jpg", tarfile.REGTYPE, jpeg)]))
put("tar", "clip.tar.gz", tar_bytes([(f"{clip}/anno/00000.json.gz", tarfile.REGTYPE, anno)], gz=True))
put("tar", "gnu_longname.tar", tar_bytes([("d/" + "n" * 120 + ".txt", tarfile.REGTYPE, b"long\n")], tarfile.GNU_FORMAT))
put("tar", "pax.tar", tar_bytes([("p/" + "\u00e9" * 60 + ".txt", tarfile.REGTYPE, b"pax\n")], tarfile.PAX_FORMAT))
put("tar", "refused.tar", tar_bytes([("../escape.txt", tarfile.REGTYPE, b"x"), ("/abs.txt", tarfile.REGTYPE, b"x"),
                                     ("ok/./a.txt", tarfile.REGTYPE, b"a"), ("link", tarfile.SYMTYPE, "../../etc"),
                                     ("hard", tarfile.LNKTYPE, "ok/a.txt"), ("fifo", tarfile.FIFOTYPE, b"")]))


# image headers: the head of a sample JPEG (through its frame header), a
# small PNG, and a progressive (SOF2) JPEG with a fill byte.
jpg = sorted(glob.glob(os.path.join(sample, "bench2drive", "*", "camera", "rgb_front", "*.jpg")))[0]
put("image_header", "sample_head.jpg", open(jpg, "rb").read()[:700])


def png(width, height):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\0" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


put("image_header", "gray.png", png(16, 9))
put("image_header", "progressive.jpg", bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffffc2000b08002d005001011100ffd9"))
