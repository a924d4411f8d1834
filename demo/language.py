"""The app in English and Korean: one catalogue, two ways to use it.

* Text that is part of the page (labels, buttons, explanations) is a key, ``t("digits_model")``:
  Gradio's ``gr.I18n`` sends both languages to the browser, which first shows the one of its
  own language.
* The switch at the top of the page (and ``?lang=ko`` in the address) chooses the language for
  the session: the server then rewrites every such piece of the page (``page_in``), because
  Gradio's browser-side translation follows only the browser's language.
* Text the server writes for one request (captions, messages) is ``tr("key", **values)``, in the
  session's chosen language, else the page's ``?lang=``, else the browser's Accept-Language.
  ``demo.common.shows_errors`` sets it for every handler it wraps.

The ganzoo package itself (the API, the CLI) speaks English; its messages, which start with the
field they are about ("Steps: must be ..."), are translated here on their way to the page.
Technical terms keep the form Korean courses use (GAN, L1, Gram matrix, PatchGAN).
"""

from __future__ import annotations

import contextlib
import contextvars
import html
import json
import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from typing import Any

import gradio as gr

from demo.texts import KO, KO_FIELDS, KO_PROBLEMS, TEXTS
from ganzoo.inference.pictures import hangul_font_path

LANGUAGES = ("en", "ko")
_current: contextvars.ContextVar[str] = contextvars.ContextVar("ganzoo_language", default="en")

# What gr.I18n sends to the browser: {locale: {key: text}}, the page's own text only (the server's
# templates have {fields}, which the browser's ICU message format would read as its own).
PAGE_KEYS = tuple(key for key, text in TEXTS.items() if "{" not in text and "{" not in KO.get(key, ""))
I18N = gr.I18n(en={key: TEXTS[key] for key in PAGE_KEYS}, ko={key: KO.get(key, TEXTS[key]) for key in PAGE_KEYS})


def t(key: str) -> Any:
    """A piece of the page, translated by the browser (``gr.I18n``)."""
    if key not in PAGE_KEYS:
        raise KeyError(f"no page text {key!r} in demo/texts.py (server templates with fields go through tr)")
    return I18N(key)


def tr(key: str, **values: Any) -> str:
    """Server-written text in the current request's language (English when none is known)."""
    template = (KO.get(key) if _current.get() == "ko" else None) or TEXTS[key]
    return template.format(**values) if values else template


def tr_in_picture(key: str, **values: Any) -> str:
    """``tr`` for words drawn inside a picture: English when this machine has no font that draws Korean
    (``ganzoo.inference.pictures.hangul_font_path``), which would otherwise come out as boxes."""
    if hangul_font_path() is None:
        with speaking("en"):
            return tr(key, **values)
    return tr(key, **values)


def language() -> str:
    return _current.get()


# The language each browser session chose with the switch (session hash -> code); bounded.
CHOSEN: OrderedDict[str, str] = OrderedDict()
MAX_SESSIONS = 5000


def choose(request: Any, code: str) -> None:
    session = getattr(request, "session_hash", None)
    if session and code in LANGUAGES:
        CHOSEN[session] = code
        CHOSEN.move_to_end(session)
        while len(CHOSEN) > MAX_SESSIONS:
            CHOSEN.popitem(last=False)


def language_of(request: Any) -> str:
    """"ko" or "en": the session's choice, else the page's ``?lang=``, else the browser's first language
    that we speak."""
    if request is None:
        return "en"
    chosen = CHOSEN.get(getattr(request, "session_hash", None) or "")
    if chosen:
        return chosen
    params = getattr(request, "query_params", None) or {}
    asked = str(params.get("lang", "")).lower()
    if asked in LANGUAGES:
        return asked
    headers = getattr(request, "headers", None) or {}
    for part in str(headers.get("accept-language", "")).split(","):
        tag = part.split(";")[0].strip().lower()
        if tag[:2] in LANGUAGES:
            return tag[:2]
    return "en"


@contextlib.contextmanager
def speaking(code: str) -> Iterator[None]:
    token = _current.set(code if code in LANGUAGES else "en")
    try:
        yield
    finally:
        _current.reset(token)


@contextlib.contextmanager
def speaking_to(request: Any) -> Iterator[None]:
    """The language of ``request``'s page, or (called from another handler, no request) the current one."""
    with speaking(language_of(request) if request is not None else language()):
        yield


# How Gradio keeps a ``t(...)`` in a component's label, info or value.
_MARK = re.compile(r'__i18n__\{"__type__": "translation_metadata", "key": "(?P<key>[^"]+)"\}')
TRANSLATED_ATTRIBUTES = ("label", "info", "value", "placeholder")


def translatable(blocks: gr.Blocks) -> list[tuple[Any, str, Any]]:
    """Every (component, attribute, key) of the page that is a ``t(...)``, in the order Gradio built them.

    An example table's column headers are its inputs' labels, which its frontend shows as they are
    (it does not translate them): they are written out in English here, and their keys kept (a list)."""
    found: list[tuple[Any, str, Any]] = []
    for block in blocks.blocks.values():
        for attribute in TRANSLATED_ATTRIBUTES:
            match = _MARK.fullmatch(str(getattr(block, attribute, None)))
            if match:
                found.append((block, attribute, match["key"]))
        choices = getattr(block, "choices", None)
        if isinstance(block, (gr.Radio, gr.Dropdown)) and choices and any(
                _MARK.fullmatch(str(label)) for label, _ in choices):
            found.append((block, "choices", _choice_keys(choices)))
        headers = getattr(block, "headers", None)
        if isinstance(block, gr.Dataset) and headers and any(_MARK.fullmatch(str(h)) for h in headers):
            block.header_keys = [m["key"] if (m := _MARK.fullmatch(str(h))) else str(h) for h in headers]
            block.headers = [TEXTS.get(k, k) for k in block.header_keys]
        if getattr(block, "header_keys", None):
            found.append((block, "headers", block.header_keys))
    return found


def words_for_script(keys: Iterable[str]) -> str:
    """``{"en": {key: text}, "ko": {...}}`` as JSON, escaped for an HTML attribute: the words a page
    script shows by itself, in the language the switch shows."""
    words = {"en": {key: TEXTS[key] for key in keys}, "ko": {key: KO.get(key, TEXTS[key]) for key in keys}}
    return html.escape(json.dumps(words, ensure_ascii=False), quote=True)


def choice_keys_of(parts: list[tuple[Any, str, Any]]) -> list[str]:
    """The keys of the translated radio and dropdown choices among ``translatable``'s parts."""
    return sorted({k for _, attribute, keys in parts if attribute == "choices" for k, _, _ in keys if k})


def _choice_keys(choices: list) -> list[tuple[str | None, Any, Any]]:
    """(key of a ``t(...)`` label or None, label, value) for each (label, value) choice."""
    return [((m["key"] if (m := _MARK.fullmatch(str(label))) else None), label, value) for label, value in choices]


def page_in(code: str, parts: list[tuple[Any, str, Any]]) -> list[Any]:
    """Updates that rewrite each translatable part of the page in language ``code``."""
    with speaking(code):
        return [gr.update(**{attribute: _translated(attribute, key)}) for _, attribute, key in parts]


def _translated(attribute: str, key: Any) -> Any:
    if attribute == "choices":  # [(key or None, label, value)]
        return [(tr(k) if k else label, value) for k, label, value in key]
    if attribute == "headers":
        return [_text(k) for k in key]
    return tr(key)


def _text(key: str) -> str:
    return tr(key) if key in TEXTS else key


_FIELD = re.compile(r"^(?P<field>[^:]{1,60}): (?P<problem>.*)$", re.S)


def translated_message(message: str) -> str:
    """A ganzoo message ("Field: problem") in the current language: the field's name and the known
    problems are translated, numbers and values kept; a problem not in the catalogue stays English."""
    if _current.get() != "ko":
        return message
    match = _FIELD.match(message)
    if not match:
        return _translated_problem(message)
    field = match["field"]
    return f"{KO_FIELDS.get(field, KO_FIELDS.get(field.capitalize(), field))}: {_translated_problem(match['problem'])}"


def _translated_problem(problem: str) -> str:
    for pattern, korean in KO_PROBLEMS:
        found = re.fullmatch(pattern, problem, flags=re.S)
        if found:
            return korean.format(**found.groupdict())
    return problem
