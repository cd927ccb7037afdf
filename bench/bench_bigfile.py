"""One big text file through the loaders: seconds, MB/s and peak memory.

    .venv/bin/python bench/bench_bigfile.py [MB ...]     (default: 1 5)

The file is generated: sections of numbered clauses, each with a
responsibility clause naming departments drawn at random, so no passage
repeats (the repeated-passage check is then at its costliest: nothing to
skip) and the clause rules have work on every line. Each size runs in a
child process, so peak memory (ru_maxrss) is that of one build.

MB/s is per CPU second of the child (time.process_time): on a machine
shared with other work, wall seconds say more about the neighbours than
about the loaders. BANGFU_WORKERS=1 is set: one document is read by one
process anyway. The fixed part of a child's memory (the interpreter, the
loaders, their word lists) is measured first on a plan of one section, and
(RSS − fixed) / text is what issue #13 item 11 bounds (~10×).
"""
from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPTS = ("财政局", "民政局", "商务局", "农业农村局", "教育局", "卫生健康委", "人社局", "住建局",
         "交通运输局", "文旅局", "水务局", "自然资源局")
WORK = ("组织开展结对帮扶工作", "落实帮扶资金拨付", "推进产业项目建设", "做好劳务协作对接",
        "加强消费帮扶宣传", "完善监测帮扶机制", "开展技能培训", "推动人才交流挂职")
NUMERALS = "一二三四五六七八九十"


def big_text(chars: int, seed: int = 13) -> str:
    rnd = random.Random(seed)
    out = ["青松区关于印发结对帮扶工作要点的通知\n"]
    size, sec = 0, 0
    while size < chars:
        sec += 1
        out.append(f"{NUMERALS[(sec - 1) % 10]}、第{sec}部分工作安排\n")
        for k in range(1, 21):
            units = "、".join(f"{rnd.choice(('青松区', '翠湖区', '白石县'))}{rnd.choice(DEPTS)}"
                             for _ in range(rnd.randint(1, 4)))
            line = (f"{k}．{rnd.choice(WORK)}（第{sec}-{k}项）。{rnd.choice(WORK)}，"
                    f"于{2025 + k % 3}年{k % 12 + 1}月底前完成。（责任单位：{units}）\n")
            out.append(line)
            size += len(line)
    return "".join(out)


def run_one(path: str) -> None:
    """In the child: build the one document, print seconds and peak RSS."""
    sys.path.insert(0, str(ROOT))
    from loaders.corpus import build_corpus
    start, cpu = time.perf_counter(), time.process_time()
    graph = build_corpus([Path(path)])
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "cpu": cpu, "rss_mb": rss, "edges": len(graph.edges)}))


# The fixed part of a child's memory: the interpreter, the loaders and their
# word lists, measured on a plan of one section (~4 KB of text).
FIXED_CHARS = 1300


def _child(path: Path) -> dict[str, float]:
    env = dict(os.environ, BANGFU_WORKERS="1")
    out = subprocess.run([sys.executable, __file__, "--child", str(path)], check=True,
                         capture_output=True, text=True, cwd=ROOT, env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(sizes: list[float]) -> None:
    # CPU seconds are what to compare on a shared machine, and even they grow
    # with its load (caches and cores shared): say how loaded it was.
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "fixed.txt"
        small.write_text(big_text(FIXED_CHARS), encoding="utf-8")
        fixed = _child(small)["rss_mb"]
        print(f"fixed part (a one-section plan of {small.stat().st_size / 1e3:.1f} KB): "
              f"{fixed:.1f} MB peak RSS", flush=True)
        print("| text | characters | wall s | CPU s | MB/s (CPU) | peak RSS | RSS / text "
              "| (RSS − fixed) / text | relationships |")
        print("|---|---|---|---|---|---|---|---|---|")
        for mb in sizes:
            text = big_text(int(mb * 1e6 / 3))  # ~3 bytes a character in UTF-8
            path = Path(tmp) / f"big{mb}.txt"
            path.write_text(text, encoding="utf-8")
            size = path.stat().st_size / 1e6
            r = _child(path)
            print(f"| {size:.1f} MB | {len(text):,} | {r['seconds']:.1f} | {r['cpu']:.1f} "
                  f"| {size / r['cpu']:.2f} | {r['rss_mb']:.0f} MB | {r['rss_mb'] / size:.0f}× "
                  f"| {(r['rss_mb'] - fixed) / size:.1f}× | {r['edges']:,} |", flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        run_one(sys.argv[2])
    else:
        main([float(a) for a in sys.argv[1:]] or [1.0, 5.0])
