"""ganzoo web app: ``python app.py`` serves it on http://127.0.0.1:7860.

Hugging Face Spaces runs this file too (see the README's front matter).
"""

import os

# No usage statistics: these machines (and many classrooms) have no internet anyway.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import logging

import gradio as gr

from demo.ui import CSS, build_demo

# A refused request is one INFO line from "ganzoo.demo" (see demo/common.py), not a traceback.
logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
logging.getLogger("ganzoo").setLevel(logging.INFO)
demo = build_demo()

if __name__ == "__main__":
    demo.queue(default_concurrency_limit=2).launch(
        server_name=os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1"),
        server_port=int(os.environ.get("GRADIO_SERVER_PORT", "7860")),
        theme=gr.themes.Soft(),
        css=CSS,
    )
