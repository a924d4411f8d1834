"""The Gradio face of ganzoo: one module per tab, each a thin layer over ``ganzoo.inference``."""
