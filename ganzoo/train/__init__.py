"""Training: one shared loop (``loop.fit``) and a step per model (``gan``, ``classifier``).

Run ``python -m ganzoo.train --help``.
"""
