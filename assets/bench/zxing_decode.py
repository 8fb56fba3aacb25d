"""Reference decoder for `shopfloor-bench scan`: decodes PNG frames with zxing-cpp.

Usage: python zxing_decode.py --reps N FILE.png...

Each image is read as greyscale into memory first (not timed); then
`zxingcpp.read_barcodes` runs N times on it, QR codes only, every other
option at its default (try_rotate, try_downscale, try_invert on), each
call timed with a monotonic clock. Prints one JSON object on stdout:
{"zxing_cpp": version, "python": version, "results": [{"file": name,
"texts": [[text, ...] per repetition], "median_ms": m}, ...]}.
Whether a text is right is for the caller to judge.
"""

import argparse
import importlib.metadata
import json
import os
import platform
import statistics
import sys
import time

import numpy as np
import zxingcpp
from PIL import Image


def decode(path, reps):
    pixels = np.ascontiguousarray(np.asarray(Image.open(path).convert("L"), dtype=np.uint8))
    texts, times = [], []
    for _ in range(reps):
        started = time.perf_counter_ns()
        found = zxingcpp.read_barcodes(pixels, formats=zxingcpp.BarcodeFormat.QRCode)
        times.append((time.perf_counter_ns() - started) / 1e6)
        texts.append([b.text for b in found])
    return {"file": os.path.basename(path), "texts": texts, "median_ms": statistics.median(times)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    results = [decode(path, args.reps) for path in args.files]
    json.dump(
        {
            "zxing_cpp": importlib.metadata.version("zxing-cpp"),
            "python": platform.python_version(),
            "results": results,
        },
        sys.stdout,
    )
    print()


if __name__ == "__main__":
    main()
