"""ganzoo web app: ``python app.py`` serves it on http://127.0.0.1:7860.

Hugging Face Spaces runs this file too (see the README's front matter); on a ZeroGPU Space the
handlers marked with ``demo.gpu.on_gpu`` borrow a GPU, and everything else runs on the CPU.
"""

import os

# No usage statistics: these machines (and many classrooms) have no internet anyway.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
# Idle OpenMP threads sleep instead of spinning. A class sends requests at once, each computed in its
# own thread with its own team of torch threads; spinning teams on 2 cores steal each other's time
# (measured: one sketch click 0.65 s with spinning, 0.27 s with sleeping, beside other work).
# Read when torch starts, so it is set before anything imports torch.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import atexit
import logging
import shutil
import signal
import sys
import tempfile
from pathlib import Path

# Gradio's cache of every picture sent to a browser lives in a folder of this process's own,
# removed when the process ends: normally, or stopped with SIGTERM as containers and Spaces do.
if "GRADIO_TEMP_DIR" not in os.environ:
    os.environ["GRADIO_TEMP_DIR"] = tempfile.mkdtemp(prefix="ganzoo-gradio-")
    atexit.register(shutil.rmtree, Path(os.environ["GRADIO_TEMP_DIR"]), True)

import gradio as gr

from demo.language import I18N
from demo.ui import CSS, JS, build_demo
from ganzoo.precision import inference_precision, use_bfloat16_inference

# The app's own limits: an upload over MAX_UPLOAD is refused by Gradio before it is stored; at
# most QUEUE_SIZE requests wait, beyond that a visitor is told the app is busy and to try again.
MAX_UPLOAD = "20mb"
QUEUE_SIZE = 64
# Requests of one event that run at once (Gatys: one, see demo/style.py; the swaps: SWAPS_AT_ONCE in
# demo/swap.py). One, not two: with six tabs' events on 2 cores, two of each let up to a dozen
# requests share the cores and all finish late; one each cut the classroom benchmark's p95 for every
# quick action (README, "A class of 30").
CONCURRENCY = 1

# A refused request is one INFO line from "ganzoo.demo" (see demo/common.py), not a traceback.
logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
logging.getLogger("ganzoo").setLevel(logging.INFO)
demo = build_demo()


def stop_on_sigterm(signum: int, frame: object) -> None:
    """SIGTERM ends the process through sys.exit, so the atexit clean-ups (the cache folder, the
    walk GIFs) run, as they do on Ctrl-C."""
    sys.exit(0)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    # The image models answer in bfloat16 where the CPU has units for it (AMX, AVX-512-BF16): less CPU
    # per swap or sketch for a class sharing 2 cores, pictures within about one level in 255 of
    # float32's (ganzoo/precision.py). GANZOO_BFLOAT16=0 keeps float32, the precision of the cards' metrics.
    use_bfloat16_inference(os.environ.get("GANZOO_BFLOAT16", "1") != "0")
    logging.getLogger("ganzoo.demo").info("the image models answer in %s", inference_precision())
    demo.queue(default_concurrency_limit=CONCURRENCY, max_size=QUEUE_SIZE).launch(
        server_name=os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1"),
        server_port=int(os.environ.get("GRADIO_SERVER_PORT", "7860")),
        theme=gr.themes.Soft(),
        css=CSS,
        js=JS,
        i18n=I18N,
        max_file_size=MAX_UPLOAD,
    )
