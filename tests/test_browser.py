"""The served app in a real browser (Debian's chromium + chromium-driver, driven by selenium).

What a person does: open every tab, click every example row (and two rows in quick
succession, the race that once left a stale picture), drag the slider, type a bad seed, and
look at the page on a phone. A failing test leaves a screenshot and says where.

Without a browser these tests are skipped with the reason; CI installs one and sets
GANZOO_REQUIRE_BROWSER=1, which turns the skip into a failure.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from demo import digits, swap, walk

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
# As the environment's own probe runs it: no background traffic, which this network refuses.
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--window-size=1280,1800"]
SCREENSHOTS = Path(os.environ.get("GANZOO_SCREENSHOTS", Path(tempfile.gettempdir()) / "ganzoo-screenshots"))


def start_chromium(language: str | None = None):
    if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
        reason = "no Chromium here: apt-get install chromium chromium-driver (CI does)"
        if os.environ.get("GANZOO_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='ganzoo-chromium-')}")
    if language:  # the browser's language: navigator.language and the Accept-Language header
        options.add_argument(f"--lang={language}")
        options.add_experimental_option("prefs", {"intl.accept_languages": language})
    return webdriver.Chrome(service=Service(DRIVER), options=options)


@pytest.fixture(scope="module")
def browser():
    driver = start_chromium()
    yield driver
    driver.quit()


@pytest.fixture
def page(browser, served_app, request):
    """The app freshly loaded on its first tab; a screenshot is kept if the test fails."""
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    browser.get(served_app.url)
    wait_for(lambda: picture_size(browser, "digits-picture") is not None, "the first picture")
    yield browser
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{request.node.name}.png"
        browser.save_screenshot(str(path))
        print(f"screenshot of the failure: {path}")


def wait_for(condition: Callable[[], object], what: str, seconds: float = 30) -> object:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = condition()
        except Exception:  # the element is being re-rendered
            value = None
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def by_css(driver, selector: str):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)


def picture_size(driver, elem_id: str) -> tuple[int, int] | None:
    """Natural size of the picture shown in component ``elem_id`` (None while it has none)."""
    return driver.execute_script(
        "const img = document.querySelector(`#${arguments[0]} img`);"
        "return img && img.complete && img.naturalWidth ? [img.naturalWidth, img.naturalHeight] : null;", elem_id)


def shown_box(driver, elem_id: str) -> dict:
    """How the picture of component ``elem_id`` is drawn on the page: its width in CSS px, and its
    ``image-rendering`` ("pixelated": enlarged with square pixels)."""
    return driver.execute_script(
        "const img = document.querySelector(`#${arguments[0]} img`); const style = getComputedStyle(img);"
        "return {width: img.getBoundingClientRect().width, rendering: style.imageRendering};", elem_id)


def picture_pixels(driver, elem_id: str) -> np.ndarray:
    src = by_css(driver, f"#{elem_id} img")[0].get_attribute("src")
    with urllib.request.urlopen(src, timeout=10) as response:
        return np.asarray(Image.open(io.BytesIO(response.read())).convert("RGB"))


def text_of(driver, elem_id: str) -> str:
    return by_css(driver, f"#{elem_id}")[0].text


def example_rows(driver, elem_id: str):
    return by_css(driver, f"#{elem_id} tr.tr-body")


def example_cells(driver, elem_id: str) -> list[str]:
    return [cell.text.strip() for cell in by_css(driver, f"#{elem_id} tr.tr-body td")]


def open_tab(driver, name: str) -> None:
    tab = next(t for t in by_css(driver, "[role=tab]") if t.text.strip() == name)
    tab.click()


def toasts(driver) -> list[str]:
    return [t.text for t in by_css(driver, "[data-testid=toast-body]")]


# --- Label -> digit -----------------------------------------------------------------------

def expected_digits(row: list) -> tuple[tuple[int, int], str]:
    picture, caption = digits.generate(*row)
    return picture.size, caption.split("\n")[0].strip()


def settled_on(driver, row: list) -> bool:
    size, first_line = expected_digits(row)
    return picture_size(driver, "digits-picture") == list(size) and first_line in text_of(driver, "digits-caption")


def test_every_digits_example_row_shows_its_own_picture_and_caption(page):
    rows = example_rows(page, "digits-examples")
    examples = digits_examples()
    assert len(rows) == len(examples)
    for i, row in enumerate(examples):
        example_rows(page, "digits-examples")[i].click()
        wait_for(lambda row=row: settled_on(page, row), f"example row {i + 1}: {row}")
    time.sleep(1.0)  # a late run from a stale event would land now
    assert settled_on(page, examples[-1])
    assert not any("at most" in t for t in toasts(page)), toasts(page)


def test_two_quick_example_clicks_end_on_the_second_row(page):
    examples = digits_examples()
    for _ in range(3):
        example_rows(page, "digits-examples")[1].click()
        example_rows(page, "digits-examples")[2].click()
        wait_for(lambda: settled_on(page, examples[2]), "row 3 after rows 2 and 3")
        time.sleep(1.0)
        assert settled_on(page, examples[2]), text_of(page, "digits-caption")
    assert not any("at most" in t for t in toasts(page)), toasts(page)


def digits_examples() -> list[list]:
    """The example rows as the tab defines them (read back from its gr.Examples)."""
    models = digits.digit_models()
    rows = [[models[0], "7", 10, 0, False], [models[0], "all", 20, 42, False], [models[0], "all", 8, 3, True],
            [models[0], "2", 30, 7, False]]
    return rows + [[name, "all", 8, 0, True] for name in models[1:]]


# --- Latent walk ----------------------------------------------------------------------------

def test_walk_examples_slider_and_a_bad_seed(page):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    open_tab(page, "Latent walk")
    wait_for(lambda: picture_size(page, "walk-frame"), "the walk's first frame")
    # Example row 3 (seeds 10 -> 77, t = 0.3): the frame must be that walk's frame at 0.3.
    example_rows(page, "walk-examples")[2].click()
    expected = np.asarray(walk.frame("dcgan-mnist", 10, 77, 0.3, "slerp"))
    wait_for(lambda: picture_size(page, "walk-frame") and np.array_equal(
        picture_pixels(page, "walk-frame")[:, :, 0], expected), "the frame of example row 3")
    # Under the strip: what the judge reads in each of its frames, as the handler computes it.
    readout = walk.refresh_walk("dcgan-mnist", 10, 77, "slerp")[3]
    summary = readout.splitlines()[0].split(": ", 1)[1].rstrip(".")
    wait_for(lambda: summary in by_css(page, "#walk-readout")[0].text, "the judge's reading of the strip")
    # "reads", "confidence" and (dcgan-mnist draws by cluster) "latent cell" rows
    assert len(by_css(page, "#walk-readout td")) == 3 * (walk.STRIP_STEPS + 1)

    # Drag the slider to the far right: the frame becomes the walk's end point (t = 1).
    slider = by_css(page, "#walk-t input[type=range]")[0]
    ActionChains(page).click_and_hold(slider).move_by_offset(slider.size["width"], 0).release().perform()
    end = np.asarray(walk.frame("dcgan-mnist", 10, 77, 1.0, "slerp"))
    wait_for(lambda: np.array_equal(picture_pixels(page, "walk-frame")[:, :, 0], end), "the frame at t = 1")

    # A bad seed: one message that names the field; the pictures stay, and the readout says they were
    # not updated (a typo must not wipe what the class is looking at).
    start_seed = next(e for e in by_css(page, "input[type=number]") if e.get_attribute("aria-label") == "Start seed")
    start_seed.send_keys(Keys.CONTROL, "a")
    start_seed.send_keys("-5", Keys.ENTER)
    wait_for(lambda: toasts(page), "an error message")
    time.sleep(1.0)
    messages = toasts(page)
    assert len(messages) == 1 and "Start seed: must be from 0" in messages[0], messages
    assert picture_size(page, "walk-frame") is not None and picture_size(page, "walk-strip") is not None
    wait_for(lambda: "Not updated" in text_of(page, "walk-readout"), "the not-updated note")


# --- phone width ----------------------------------------------------------------------------

def test_on_a_phone_the_picture_follows_the_controls_and_nothing_is_cut_off(page):
    page.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                         {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    page.refresh()
    wait_for(lambda: picture_size(page, "digits-picture"), "the picture at phone width")
    top = page.execute_script
    picture_top = top("return document.querySelector('#digits-picture').getBoundingClientRect().top")
    examples_top = top("return document.querySelector('#digits-examples').getBoundingClientRect().top")
    assert picture_top < examples_top
    assert picture_top < 1000, f"the picture starts {picture_top:.0f} px down the page"
    assert top("return document.documentElement.scrollWidth") <= 390
    # Every tab name is on the screen (Gradio's "⋯" menu of the tabs that do not fit is shown as
    # a second row, which must wrap too: "GAN playground" once sat beyond the right edge).
    tabs = top("return [...document.querySelectorAll('[role=tab], .overflow-dropdown button')]"
               ".map(b => [b.innerText.trim(), b.getBoundingClientRect()])"
               ".filter(([name]) => name).map(([name, r]) => [name, r.width > 0 && r.left >= 0 && r.right <= 390]);")
    assert len(tabs) == 6 and all(on_screen for _, on_screen in tabs), tabs
    # The examples table is wider than a phone: something between it and its box must scroll it
    # sideways, rather than cut its last columns off.
    fits_or_scrolls = top(
        "const box = document.querySelector('#digits-examples');"
        "const table = box.querySelector('table');"
        "if (table.getBoundingClientRect().width <= box.getBoundingClientRect().width) return 'fits';"
        "for (let e = table.parentElement; e && e !== box.parentElement; e = e.parentElement) {"
        "  if (['auto', 'scroll'].includes(getComputedStyle(e).overflowX)) return 'scrolls'; }"
        "return 'cut off';")
    assert fits_or_scrolls in ("fits", "scrolls")


# --- Sketch -> picture ----------------------------------------------------------------------

def draw(driver, canvas, points: list[tuple[int, int]]) -> None:
    """One stroke with the mouse: press, move through the points, release."""
    from selenium.webdriver.common.action_chains import ActionChains

    stroke = ActionChains(driver, duration=20).move_to_element_with_offset(canvas, *points[0]).click_and_hold()
    for point in points[1:]:
        stroke.move_to_element_with_offset(canvas, *point)
    stroke.release().perform()


def settled(driver, elem_id: str, quiet_seconds: float = 8, seconds: float = 60) -> np.ndarray:
    """The picture once it has stopped changing for ``quiet_seconds``: the sketchpad uploads each
    stroke before its event starts (seconds on a busy machine), so an early picture may be an
    early stroke's."""
    deadline, last, since = time.monotonic() + seconds, None, time.monotonic()
    while time.monotonic() < deadline:
        try:
            now = picture_pixels(driver, elem_id)
        except Exception:  # being re-rendered
            now = None
        if last is None or now is None or now.shape != last.shape or (now != last).any():
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet_seconds:
            return now
        time.sleep(0.5)
    raise AssertionError(f"{elem_id} kept changing for {seconds} s")


def test_drawing_a_face_colours_it_three_ways_and_an_example_shows_its_truth(page):
    import math

    open_tab(page, "Sketch → picture")
    wait_for(lambda: picture_size(page, "sketch-truth"), "the first held-out example and its truth")
    pad = by_css(page, "#sketch-pad")[0]
    # The sketchpad draws its toolbar after the example pictures arrive: wait for the brush tool.
    wait_for(lambda: pad.find_elements("css selector", "button[aria-label=Brush]"), "the brush tool")[0].click()
    canvas = by_css(page, "#sketch-pad canvas")[-1]
    draw(page, canvas, [(int(100 * math.cos(a)), int(100 * math.sin(a))) for a in np.linspace(0, 2 * math.pi, 37)])
    draw(page, canvas, [(-35, -25), (-33, -20), (-37, -22)])
    draw(page, canvas, [(35, -25), (37, -20), (33, -22)])
    draw(page, canvas, [(-45, 25), (0, 55), (45, 25)])
    # The drawing is not a held-out example: three pictures and three patch maps, no truth.
    wait_for(lambda: picture_size(page, "sketch-truth") is None and all(
        picture_size(page, f"sketch-out-{i}") == [128, 128] and picture_size(page, f"sketch-patches-{i}")[0] == 384
        for i in range(3)), "three colourings of the drawn face")
    # Sent at the model's 128 px, each fills its column with square pixels, as large as its patch map.
    out, patches = shown_box(page, "sketch-out-0"), shown_box(page, "sketch-patches-0")
    assert out["width"] >= 1.4 * 128 and abs(out["width"] - patches["width"]) <= 2 and out["rendering"] == "pixelated"
    caption = text_of(page, "sketch-caption")
    assert caption.count("D finds") == 3 and "true picture" not in caption
    # A freehand face becomes an object, not a blot: not mostly background, not mostly one colour.
    pixels = settled(page, "sketch-out-2").reshape(-1, 3).astype(int)  # the whole face's
    background = (pixels > 235).all(axis=1).mean()
    _, counts = np.unique(pixels // 32, axis=0, return_counts=True)  # colours in coarse bins
    assert 0.05 < 1 - background and background < 0.95, background
    assert counts.max() / len(pixels) < 0.7 and len(counts) > 8, (counts.max() / len(pixels), len(counts))
    # The bin empties the canvas: the pictures go, and the caption says why.
    pad.find_element("css selector", "button[aria-label='Clear canvas']").click()
    wait_for(lambda: "sketch is empty" in text_of(page, "sketch-caption"), "the empty-sketch note")
    assert picture_size(page, "sketch-out-2") is None
    # A held-out example brings its true colouring and each model's L1 to it.
    example_rows_or_cells = by_css(page, "#sketch-examples button, #sketch-examples .gallery-item")
    example_rows_or_cells[1].click()
    # (three "L1 to the true picture", and a fourth line: how real D finds the true picture itself)
    wait_for(lambda: picture_size(page, "sketch-truth") and text_of(page, "sketch-caption").count("true picture") == 4,
             "example 2 with its truth")


# --- Domain swap ----------------------------------------------------------------------------

def test_swap_examples_show_both_round_trips_and_the_direction_and_data_switches_recompute(page):
    open_tab(page, "Domain swap")
    families = list(swap.families().values())
    first = families[0]
    a, b = first.domains
    pictures = [f"swap-{kind}-{i}" for kind in ("translated", "truth", "back") for i in range(2)]
    # Every picture at the model's size, enlarged by the browser with square pixels to the width of the
    # error map beside it (drawn at 256 px, a colour bar underneath).
    size = [first.image_size] * 2
    wait_for(lambda: all(picture_size(page, p) == size for p in pictures) and all(
        (picture_size(page, f"swap-error-{i}") or [0, 0])[1] > swap.HEAT_SHOWN for i in range(2)),
        "the first held-out emoji, both rows with their truth and error maps")
    translated, error = shown_box(page, "swap-translated-0"), shown_box(page, "swap-error-0")
    assert translated["width"] >= 1.4 * first.image_size and translated["rendering"] == "pixelated"
    assert abs(translated["width"] - error["width"]) <= 2
    assert text_of(page, "swap-caption").count("round-trip error") == 2
    cells = by_css(page, "#swap-examples button, #swap-examples .gallery-item")
    assert len(cells) == 16 * len(families)
    cells[15].click()  # the last example of the first data set is in style B: the direction flips to B -> A
    wait_for(lambda: f"true {a}" in text_of(page, "swap-caption"), f"the {b} -> {a} example")
    assert f"{b} → {a}" in by_css(page, "#swap-direction input:checked")[0].find_element("xpath", "..").text
    shown = picture_pixels(page, "swap-input")
    last = sorted((swap.EXAMPLES / swap.EXAMPLE_FOLDERS[first.source][1]).glob("*.png"))[-1]
    expected = np.asarray(Image.open(last).convert("RGB"))
    assert np.array_equal(shown, expected)
    # Switching the direction by hand recomputes with the same picture: read as A, it has no known truth.
    next(lb for lb in by_css(page, "#swap-direction label") if f"{a} → {b}" in lb.text).click()
    wait_for(lambda: "L1 to the true" not in text_of(page, "swap-caption") and text_of(
        page, "swap-caption").count("round-trip error") == 2, f"the same picture read as {a}")
    if len(families) > 1:  # an example of another data set switches the data set and its directions
        other = families[1]
        cells = by_css(page, "#swap-examples button, #swap-examples .gallery-item")
        cells[16].click()
        wait_for(lambda: f"true {other.domains[1]}" in text_of(page, "swap-caption"), "the other data set's example")
        assert swap.data_label(other) in by_css(page, "#swap-data input:checked")[0].find_element("xpath", "..").text
        wait_for(lambda: picture_size(page, "swap-translated-0") == [other.image_size] * 2,
                 "its translation at the model's size")
    assert not toasts(page)


# --- Style transfer ------------------------------------------------------------------------

def test_style_fast_network_then_gatys_with_stop_and_a_missing_style_picture(page):
    open_tab(page, "Style transfer")
    # The tab opens with a result: chelsea.jpg (451 x 300) at the default 512 px long side is 512 x 341.
    wait_for(lambda: picture_size(page, "style-result") == [512, 341], "the fast network's picture on opening")
    wait_for(lambda: all(picture_size(page, f"style-gram-{i}") for i in range(3)), "three Gram matrices")
    assert "style-starry-night" in text_of(page, "style-caption")
    assert "result" in text_of(page, "style-gram-caption")
    # A content example re-runs: the result and its caption are the new picture's.
    before = by_css(page, "#style-result img")[0].get_attribute("src")
    by_css(page, "#style-content-examples button, #style-content-examples .gallery-item")[0].click()  # astronaut.jpg
    wait_for(lambda: picture_size(page, "style-result") == [512, 512], "the example's own result")
    assert by_css(page, "#style-result img")[0].get_attribute("src") != before
    fast_pixels = picture_pixels(page, "style-result")
    # Gatys streams pictures; the status line under its button counts steps and time left; Stop ends the
    # run before its last step, and the picture stays, drawn at the box's size.
    next(t for t in by_css(page, "button[role=tab]") if t.text.strip() == "Gatys (any style)").click()
    by_css(page, "#style-gatys-run")[0].click()
    wait_for(lambda: "s left" in text_of(page, "style-gatys-status"), "the Gatys status line", seconds=90)
    wait_for(lambda: "optimising" in text_of(page, "style-caption"), "the first Gatys picture", seconds=90)
    by_css(page, "#style-stop")[0].click()
    wait_for(lambda: "(stopped)" in text_of(page, "style-caption"), "the caption of the stopped run", seconds=90)
    time.sleep(2)  # a stopped run sends nothing more
    assert "(stopped)" in text_of(page, "style-caption") and "/ 100" in text_of(page, "style-caption")
    assert "stopped at step" in text_of(page, "style-gatys-status")
    gatys_pixels = picture_pixels(page, "style-result")
    assert gatys_pixels.shape == (256, 256, 3) and fast_pixels.shape != gatys_pixels.shape
    shown_width = page.execute_script("return document.querySelector('#style-result img').clientWidth")
    assert shown_width > 300, shown_width
    assert not toasts(page)
    # A file that is not a picture, dropped in the style picture's box: a message naming the field.
    bad = Path(tempfile.mkdtemp()) / "notes.png"
    bad.write_text("not a picture")
    by_css(page, "#style-picture input[type=file]")[0].send_keys(str(bad))
    wait_for(lambda: any("Style picture" in t for t in toasts(page)), "the refused style picture's message")
    assert by_css(page, "#style-choice input")[0].get_attribute("value").startswith("The Starry Night")
    # No content picture: a message naming the field, no traceback, the last picture kept.
    labels = {(b.get_attribute("aria-label") or b.get_attribute("title") or "").lower(): b
              for b in by_css(page, "#style-content button")}
    clear = next((b for label, b in labels.items() if "clear" in label or "remove" in label), None)
    assert clear is not None, f"no clear button among {list(labels)}"
    clear.click()
    by_css(page, "#style-gatys-run")[0].click()
    wait_for(lambda: any("Content image" in t for t in toasts(page)), "the missing-content message")


# --- GAN playground -------------------------------------------------------------------------

def test_the_playground_plays_and_its_picture_changes(page):
    open_tab(page, "GAN playground")
    wait_for(lambda: picture_size(page, "play-plane"), "the first plane")
    before = by_css(page, "#play-plane img")[0].get_attribute("src")
    assert "Step 0" in text_of(page, "play-readout")
    by_css(page, "#play-play")[0].click()
    wait_for(lambda: "modes hit" in text_of(page, "play-readout"), "the game to play")
    time.sleep(2)
    by_css(page, "#play-play")[0].click()  # pause
    assert by_css(page, "#play-plane img")[0].get_attribute("src") != before
    step = int(text_of(page, "play-readout").split("Step ")[1].split()[0])
    assert step >= 10
    # Compare mode shows a second plane; "let D win first" moves D only.
    by_css(page, "#play-compare input")[0].click()
    wait_for(lambda: picture_size(page, "play-plane-2"), "the second plane", seconds=60)
    by_css(page, "#play-d-first")[0].click()
    wait_for(lambda: "D steps 100" in text_of(page, "play-readout"), "100 D steps")


# --- Korean ---------------------------------------------------------------------------------

def not_a_picture() -> str:
    path = Path(tempfile.mkdtemp()) / "notes.png"
    path.write_text("not a picture")
    return str(path)


def bad_seed(driver, label: str) -> None:
    from selenium.webdriver.common.keys import Keys

    box = wait_for(lambda: next((e for e in by_css(driver, "input[type=number]")
                                 if e.get_attribute("aria-label") == label and e.is_displayed()), None), label)
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys("-5", Keys.ENTER)


# Per tab: its name, a label on it, its explanation's element and a phrase of it, and how to get a message
# (what to do, and the start of the message: the field's Korean name).
KOREAN_TABS = [
    ("레이블 → 숫자", "샘플 수", "digits-explanation", "작동 원리", lambda d: bad_seed(d, "시드"), "시드:"),
    ("잠재 공간 걷기", "시작 시드", "walk-explanation", "slerp가 가우시안", lambda d: bad_seed(d, "시작 시드"),
     "시작 시드:"),
    ("스케치 → 그림", "실제 그림", "sketch-explanation", "L1만", lambda d: by_css(
        d, "#sketch-upload input[type=file]")[0].send_keys(not_a_picture()), "그림:"),
    ("도메인 변환", "방향", "swap-explanation", "사이클 손실", lambda d: by_css(
        d, "#swap-upload input[type=file]")[0].send_keys(not_a_picture()), "이모지:"),
    ("스타일 전이", "콘텐츠 이미지", "style-explanation", "손실 네트워크", lambda d: by_css(
        d, "#style-picture input[type=file]")[0].send_keys(not_a_picture()), "스타일 그림:"),
    ("GAN 놀이터", "생성자 손실", "play-explanation", "모드 붕괴", lambda d: bad_seed(d, "시드"), "시드:"),
]


def pad_tool_name(driver) -> str:
    """The brush's tooltip once the pointer has reached the drawing pad (it names its tools then)."""
    from selenium.webdriver.common.action_chains import ActionChains

    brush = wait_for(lambda: by_css(driver, "#sketch-pad button[data-tool=brush]"), "the brush tool")[0]
    ActionChains(driver).move_to_element(brush).perform()
    return wait_for(lambda: brush.get_attribute("title"), "the brush's name")


def test_a_korean_browser_gets_every_tab_in_korean_and_the_switch_turns_it_to_english(served_app):
    driver = start_chromium("ko")
    try:
        driver.get(served_app.url)
        wait_for(lambda: picture_size(driver, "digits-picture") is not None, "the first picture")
        assert "샘플" in text_of(driver, "digits-caption")  # a caption the server wrote, in Korean
        # The example table's "all" (a translated radio choice), not Gradio's raw marker.
        wait_for(lambda: "전체" in example_cells(driver, "digits-examples"), "the examples' 전체")
        assert not any("__i18n__" in c for c in example_cells(driver, "digits-examples"))
        for tab, label, explanation, phrase, provoke, message in KOREAN_TABS:
            open_tab(driver, tab)
            wait_for(lambda label=label: any(label == e.text.strip() for e in by_css(
                driver, "label span, [data-testid=block-label], .picture-title p, span")), f"the label {label}")
            assert phrase in text_of(driver, explanation), (tab, text_of(driver, explanation)[:80])
            if tab == "GAN 놀이터":
                next(e for e in by_css(driver, "button, span") if e.text.strip() == "설정").click()
            if tab == "스케치 → 그림":  # the drawing pad's tools are named in Korean too
                assert pad_tool_name(driver) == "붓"
            provoke(driver)
            wait_for(lambda message=message: any(message in t for t in toasts(driver)),
                     f"the message {message} on {tab}")
            for close in by_css(driver, "[data-testid=toast-close]"):
                close.click()
        # The switch at the top: the page in English for this session.
        next(e for e in by_css(driver, "#language label") if "English" in e.text).click()
        wait_for(lambda: any(t.text.strip() == "Style transfer" for t in by_css(driver, "[role=tab]")),
                 "the tabs in English")
        open_tab(driver, "Label → digit")
        wait_for(lambda: "all" in example_cells(driver, "digits-examples"), "the examples' 'all' in English")
        open_tab(driver, "Sketch → picture")
        assert pad_tool_name(driver) == "Brush"
    except AssertionError:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(SCREENSHOTS / "korean.png"))
        raise
    finally:
        driver.quit()


def test_the_address_can_ask_for_korean(page, served_app):
    page.get(served_app.url + "?lang=ko")
    wait_for(lambda: any(t.text.strip() == "스타일 전이" for t in by_css(page, "[role=tab]")), "the tabs in Korean")
    wait_for(lambda: "샘플" in text_of(page, "digits-caption"), "the caption in Korean")


# --- Presenter view -------------------------------------------------------------------------

# Each tab's main result picture and its explanation, for the projector.
PRESENTER_TABS = {
    "Label → digit": ("digits-picture", "digits-explanation"),
    "Latent walk": ("walk-frame", "walk-explanation"),
    "Sketch → picture": ("sketch-out-0", "sketch-explanation"),
    "Domain swap": ("swap-translated-0", "swap-explanation"),
    "Style transfer": ("style-result", "style-explanation"),
    "GAN playground": ("play-plane", "play-explanation"),
}


def shown_height(driver, elem_id: str) -> float:
    """How tall the picture of component ``elem_id`` is drawn on the page, in CSS pixels (0 without one)."""
    return driver.execute_script(
        "const img = document.querySelector(`#${arguments[0]} img`);"
        "return img && img.complete && img.naturalWidth ? img.getBoundingClientRect().height : 0;", elem_id)


def pictures_cut_off(driver) -> list[str]:
    """The boxes whose picture runs past their bottom edge (the box hides what is below)."""
    return driver.execute_script(
        "return [...document.querySelectorAll('.block img')].filter(i => i.offsetParent && i.naturalWidth)"
        ".map(i => [i.closest('.block'), i.getBoundingClientRect()])"
        ".filter(([b, r]) => r.bottom > b.getBoundingClientRect().bottom + 2)"
        ".map(([b]) => b.id || b.className);")


def test_no_tab_cuts_a_picture_off_at_the_bottom(page):
    """The style result's label once pushed its picture 33 px past the bottom of its box."""
    for tab, (result, _) in PRESENTER_TABS.items():
        open_tab(page, tab)
        wait_for(lambda result=result: picture_size(page, result), f"{tab}: its result")
        assert not pictures_cut_off(page), (tab, pictures_cut_off(page))


def test_the_presenter_view_at_1080p_draws_every_result_400_px_tall_with_20_px_text(page, served_app):
    page.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                         {"width": 1920, "height": 1080, "deviceScaleFactor": 1, "mobile": False})
    page.get(served_app.url + "?view=presenter")
    wait_for(lambda: page.execute_script("return document.body.classList.contains('presenter')"), "presenter view")
    for tab, (result, explanation) in PRESENTER_TABS.items():
        open_tab(page, tab)
        height = wait_for(lambda result=result: shown_height(page, result) >= 400 and shown_height(page, result),
                          f"{tab}: its result drawn 400 px tall")
        text_px = page.execute_script(
            "return [...document.querySelectorAll(`#${arguments[0]} p`)]"
            ".map(p => parseFloat(getComputedStyle(p).fontSize));", explanation)
        assert text_px and min(text_px) >= 20, (tab, text_px)
        # Upload boxes once cut their pictures off at the bottom here.
        assert not pictures_cut_off(page), (tab, pictures_cut_off(page))
        # A button's icon is not a result: the share button once grew 400 px tall with its link icon.
        share = by_css(page, "[id$='-share']")
        buttons = [b.rect["height"] for b in share if b.is_displayed()]
        assert buttons and max(buttons) < 100, (tab, buttons, height)


# --- Share a state --------------------------------------------------------------------------

def test_a_link_reopens_the_walk_with_the_same_inputs(page, served_app):
    open_tab(page, "Latent walk")
    example_rows(page, "walk-examples")[2].click()  # seeds 10 -> 77 at t = 0.3, slerp
    expected = np.asarray(walk.frame("dcgan-mnist", 10, 77, 0.3, "slerp"))
    wait_for(lambda: np.array_equal(picture_pixels(page, "walk-frame")[:, :, 0], expected), "example row 3's frame")
    by_css(page, "#walk-share")[0].click()
    link = wait_for(lambda: by_css(page, "#walk-share-link textarea, #walk-share-link input")[0].get_attribute(
        "value"), "the link")
    assert "tab=walk" in link and "a=10" in link and "b=77" in link and "t=0.3" in link, link
    page.get(served_app.url)  # somewhere else first: the link alone must bring the walk back
    page.get(link)
    wait_for(lambda: picture_size(page, "walk-frame") and np.array_equal(
        picture_pixels(page, "walk-frame")[:, :, 0], expected), "the linked walk's frame")
    assert next(t for t in by_css(page, "[role=tab]") if t.text.strip() == "Latent walk").get_attribute(
        "aria-selected") == "true"


def test_a_link_to_the_style_tab_shows_the_result_and_all_three_gram_matrices(page, served_app):
    page.get(served_app.url + "?tab=style&content=coffee.jpg&style=the_scream&strength=1&size=256")
    wait_for(lambda: "style-the-scream" in text_of(page, "style-caption"), "the linked painting's caption")
    # G(result) too: the Gram matrices follow the link's run as they follow a click (it once stayed empty).
    wait_for(lambda: all(picture_size(page, f"style-gram-{i}") for i in range(3)), "the three Gram matrices")
    assert "result" in text_of(page, "style-gram-caption")
