"""How long one update of the site's model explorer takes in headless Chromium (issue 32; 5.1, 5.1.1).

    python -m benchmarks.model_explorer [--repeats N] [--page chapters/x.html] [--out FILE]

The book is built (``tests/site_helpers.build_book``, as the suite builds it) and served locally; in the page
the explorer's own event handlers are driven with synthetic events, each timed from dispatch to return:

- ``stroke``: one pointer move of a stroke on the drawing pad (draw the segment, prepare the digit as MNIST's,
  the forward pass, every map, the prediction), what the reader waits for while drawing;
- ``shift``: one arrow key (shift, the forward pass, every map).

Each is repeated ``--repeats`` times after a few warm-up updates; the file gets every sample, the medians and,
per kind, the median time until the next frame is drawn as well. Target: an update of 50 ms or less. Run it on
a quiet machine (nothing else measuring): ``benchmarks/model-explorer.json`` records the load average.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.machine import machine, write_json
from scripts.paths import REPO

sys.path.insert(0, str(REPO / "tests"))  # the suite's book build, server and Chromium (tests/browser_helpers.py)

OUT = REPO / "benchmarks" / "model-explorer.json"
PAGE = "chapters/5_1_intro_convnets.html"
TARGET_MS = 50
WARM_UP = 5

#: In the page: `repeats` timed updates of each kind, through the explorer's own handlers.
MEASURE_JS = """
async ({repeats, warmUp}) => {
  const root = document.querySelector('.cnn-explorer--model');
  const pad = root.querySelector('canvas.model-explorer__pad');
  pad.scrollIntoView();
  const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const box = pad.getBoundingClientRect();
  const at = k => ({clientX: box.left + box.width * (0.3 + 0.4 * ((k % 20) / 20)),
                    clientY: box.top + box.height * (0.25 + 0.5 * (Math.floor(k / 20) % 2))});
  const pointer = (type, k) => new PointerEvent(type, {pointerId: 7, pointerType: 'pen', isPrimary: true,
                                                       bubbles: true, buttons: 1, ...at(k)});
  async function time(kind, act) {
    const update = [], untilFrame = [];
    for (let k = 0; k < warmUp + repeats; k++) {
      await frame();
      const start = performance.now();
      act(k);
      const done = performance.now();
      await frame();
      if (k >= warmUp) { update.push(done - start); untilFrame.push(performance.now() - start); }
    }
    return {kind, update, untilFrame};
  }
  pad.dispatchEvent(pointer('pointerdown', 0));
  const stroke = await time('stroke', k => pad.dispatchEvent(pointer('pointermove', k + 1)));
  pad.dispatchEvent(pointer('pointerup', 0));
  const shift = await time('shift', k => pad.dispatchEvent(
    new KeyboardEvent('keydown', {key: k % 2 ? 'ArrowLeft' : 'ArrowRight', bubbles: true})));
  const state = root.explorerState;
  return {results: [stroke, shift], source: state.source, maps: state.maps.map(m => m.shape)};
}
"""


def measure(page_rel: str, repeats: int) -> dict:
    """Build and serve the book, open ``page_rel`` and time the explorer's updates there."""
    from browser_helpers import chromium_context, serve_site

    with serve_site() as url, chromium_context() as context:
        page = context.new_page()
        page.goto(f"{url}/{page_rel}", wait_until="load")
        page.wait_for_function(
            "() => document.querySelector('.cnn-explorer-mount[data-explorer=\"model\"]')?.dataset.mounted",
            timeout=60_000,
        )
        found = page.evaluate(MEASURE_JS, {"repeats": repeats, "warmUp": WARM_UP})
        version = page.evaluate("() => navigator.userAgent")
    if found["source"] != "drawing" or len(found["maps"]) != 5:
        raise RuntimeError(f"the explorer did not update as a drawing: {found['source']}, maps {found['maps']}")
    kinds = {}
    for result in found["results"]:
        kinds[result["kind"]] = {
            "median_ms": round(statistics.median(result["update"]), 2),
            "until_next_frame_median_ms": round(statistics.median(result["untilFrame"]), 2),
            "samples_ms": [round(v, 2) for v in result["update"]],
        }
    return {"chromium": version, "kinds": kinds}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=60)
    parser.add_argument("--page", default=PAGE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    load_before = os.getloadavg()
    result = measure(args.page, args.repeats)
    record = {
        "about": "python -m benchmarks.model_explorer: one update of the model explorer in headless Chromium",
        "measured": datetime.now(UTC).isoformat(timespec="seconds"),
        "page": args.page,
        "repeats": args.repeats,
        "target_ms": TARGET_MS,
        **result,
        "machine": machine(),
        "load_average_before": [round(v, 2) for v in load_before],
    }
    write_json(args.out, record)
    for kind, numbers in result["kinds"].items():
        verdict = "ok" if numbers["median_ms"] <= TARGET_MS else f"over the {TARGET_MS} ms target"
        print(
            f"{kind}: median {numbers['median_ms']} ms per update ({verdict}), next frame after "
            f"{numbers['until_next_frame_median_ms']} ms"
        )
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
