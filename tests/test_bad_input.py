"""Every public endpoint of the served app, called through gradio_client with a corpus of bad values.

Each call must give either a valid result or a message that names the field it is about (as the
page labels it), and the server must still answer afterwards. A refused request is one log
line, not a traceback. New tabs add their endpoints to ENDPOINTS.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

SWAP_EXAMPLE = Path(__file__).resolve().parents[1] / "demo" / "examples" / "swap" / "noto" / "pizza.png"

# Per public endpoint: a valid call, and the label of each of its arguments (None: a file, whose
# payload Gradio validates before any handler runs; bad files are tested below).
ENDPOINTS = {
    "/generate_digits": (["cgan-mnist", "3", 4, 0, False],
                         ["Model", "Label", "Number of samples", "Seed", "Same noise for every digit"]),
    "/walk_frame": (["dcgan-mnist", 1, 2, 0.5, "slerp"], ["Model", "Start seed", "End seed", "t", "Interpolation"]),
    "/walk": (["dcgan-mnist", 1, 2, "lerp"], ["Model", "Start seed", "End seed", "Interpolation"]),
    "/swap_domain": ([SWAP_EXAMPLE, "Noto ↔ Twemoji", "Noto → Twemoji"], [None, "Data", "Direction"]),
    "/playground": (["ring", 20, "minimax", 0], ["Data", "Steps", "Generator loss", "Seed"]),
}
BAD_VALUES = [-1, 10**12, 2.5, "3", "", None, [1, 2], {"a": 1}, True, "false", "x" * 500]


@pytest.fixture(scope="module")
def client(served_app):
    from gradio_client import Client

    return Client(served_app.url, verbose=False, analytics_enabled=False)


def calls():
    for endpoint, (valid, fields) in ENDPOINTS.items():
        for position, field in enumerate(fields):
            for bad in BAD_VALUES if field else []:
                args = list(valid)
                args[position] = bad
                yield pytest.param(endpoint, args, field, id=f"{endpoint}-{field}-{bad!r:.12}")


@pytest.mark.parametrize("endpoint, args, field", list(calls()))
def test_bad_value_gives_a_result_or_a_message_naming_its_field(client, endpoint, args, field):
    from gradio_client import handle_file

    args = [handle_file(str(a)) if isinstance(a, Path) else a for a in args]
    try:
        client.predict(*args, api_name=endpoint)
    except Exception as exc:  # gradio_client raises AppError carrying our message
        message = str(exc)
        assert message.startswith(f"{field}:"), f"{endpoint} {args!r}: {message!r}"
        assert "Traceback" not in message and "/" not in message.split(":", 1)[0]


def bad_files(folder):
    """Uploads that are not usable line drawings, each with the words its message must contain."""
    from tests.test_image_input import png_header_only

    files = {
        "notes.txt": (b"a text file, not a picture", "is not a picture"),
        "empty.png": (b"", "is not a picture"),
        "huge.png": (png_header_only(20_000, 20_000), "megapixels"),
    }
    blank = io.BytesIO()
    Image.new("RGB", (64, 64), "white").save(blank, format="PNG")
    files["blank.png"] = (blank.getvalue(), "is empty")
    truncated = io.BytesIO()
    Image.effect_noise((64, 64), 60).convert("RGB").save(truncated, format="PNG")
    files["truncated.png"] = (truncated.getvalue()[:300], "truncated or damaged")
    for name, (content, _) in files.items():
        (folder / name).write_bytes(content)
    return {folder / name: words for name, (_, words) in files.items()}


def test_bad_uploads_to_translate_sketch_are_messages_naming_the_picture(client, tmp_path):
    from gradio_client import handle_file

    for path, words in bad_files(tmp_path).items():
        with pytest.raises(Exception) as caught:
            client.predict(handle_file(str(path)), api_name="/translate_sketch")
        message = str(caught.value)
        assert message.startswith("Picture:") and words in message, (path.name, message)
    with pytest.raises(Exception, match="Picture: is missing"):
        client.predict(None, api_name="/translate_sketch")


def test_bad_uploads_to_swap_domain_are_messages_naming_the_emoji(client, tmp_path):
    from gradio_client import handle_file

    for path, words in bad_files(tmp_path).items():
        if path.name == "blank.png":  # one rule for every tab: a flat picture has nothing to translate
            words = "single flat colour"
        with pytest.raises(Exception) as caught:
            client.predict(handle_file(str(path)), "Noto ↔ Twemoji", "Twemoji → Noto", api_name="/swap_domain")
        message = str(caught.value)
        assert message.startswith("Emoji:") and words in message, (path.name, message)


def test_server_still_answers_and_logs_one_line_per_refusal(client, served_app):
    result = client.predict(*ENDPOINTS["/generate_digits"][0], api_name="/generate_digits")
    assert "4 samples of digit 3" in result[1]
    log = served_app.log_path.read_text()
    assert "refused" in log
    assert "Traceback" not in log


WRONG_FILE_PAYLOADS = [5, "abc", [1, 2], True, "http://example.com/x.png", "x" * 100_000]
STYLE_CONTENT = Path(__file__).resolve().parents[1] / "demo" / "examples" / "style" / "content" / "chelsea.jpg"


def file_calls():
    """(endpoint, arguments with a slot for the file, the slot, its field)."""
    yield "/translate_sketch", [None, "openmoji"], 0, "Picture"
    yield "/swap_domain", [None, "Noto ↔ Twemoji", "Noto → Twemoji"], 0, "Emoji"
    yield "/stylise_fast", [None, "starry_night", None, 1.0, "256", False], 0, "Content image"


@pytest.mark.parametrize("endpoint, args, slot, field", list(file_calls()))
def test_wrong_typed_file_arguments_are_messages_naming_the_field_without_a_traceback(client, served_app, endpoint,
                                                                                      args, slot, field):
    before = served_app.log_path.read_text().count("Traceback")
    for bad in WRONG_FILE_PAYLOADS:
        call = list(args)
        call[slot] = bad
        with pytest.raises(Exception) as caught:
            client.predict(*call, api_name=endpoint)
        assert str(caught.value).startswith(f"{field}: must be a picture file"), (bad, str(caught.value)[:200])
    assert served_app.log_path.read_text().count("Traceback") == before
