"""ganzoo web app: ``python app.py`` serves it on http://127.0.0.1:7860.

Hugging Face Spaces runs this file too (see the README's front matter).
"""

import os

# No usage statistics: these machines (and many classrooms) have no internet anyway.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr

from demo.ui import build_demo

demo = build_demo()

if __name__ == "__main__":
    demo.queue(default_concurrency_limit=2).launch(
        server_name=os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1"),
        server_port=int(os.environ.get("GRADIO_SERVER_PORT", "7860")),
        theme=gr.themes.Soft(),
    )
