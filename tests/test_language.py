"""The app in Korean and English: the catalogue is complete, messages and captions follow the page."""

from __future__ import annotations

import re
from types import SimpleNamespace

import gradio as gr
import pytest

from demo import digits, language, style
from demo.texts import KO, KO_FIELDS, TEXTS


def page(lang: str | None = None, accept: str = "", session: str | None = None) -> SimpleNamespace:
    return SimpleNamespace(query_params={"lang": lang} if lang else {}, headers={"accept-language": accept},
                           session_hash=session)


def test_every_text_has_its_korean_and_both_keep_the_same_fields():
    assert set(KO) == set(TEXTS)
    for key, english in TEXTS.items():
        assert sorted(re.findall(r"\{(\w+)", english)) == sorted(re.findall(r"\{(\w+)", KO[key])), key
        assert KO[key] != english or key in ("sketch_title_2", "swap_credits"), f"{key} is not translated"
    # The browser's translator gets only text without fields (ICU would read {x} as its own).
    assert all("{" not in language.I18N.translations_dict["ko"][key] for key in language.PAGE_KEYS)


def test_the_language_is_the_sessions_choice_else_the_address_else_the_browsers():
    assert language.language_of(None) == "en"
    assert language.language_of(page(accept="ko-KR,ko;q=0.9,en;q=0.8")) == "ko"
    assert language.language_of(page(accept="fr-FR,fr;q=0.9")) == "en"
    assert language.language_of(page(lang="ko", accept="en-US")) == "ko"
    language.choose(page(session="s1"), "en")
    assert language.language_of(page(lang="ko", accept="ko", session="s1")) == "en"


def test_messages_reach_a_korean_page_in_korean_with_their_numbers():
    with language.speaking("ko"):
        said = language.translated_message("Steps: must be a whole number from 10 to 500, got 5000")
        assert said == "걸음 수: 10에서 500 사이의 정수여야 합니다. 받은 값: 5000"
        assert language.translated_message("Content image: is missing: upload a photo or pick an example") == \
            "콘텐츠 이미지: 없습니다: 사진을 올리거나 예제를 고르세요"
        unknown = "Steps: something nobody wrote down"
        assert language.translated_message(unknown) == "걸음 수: something nobody wrote down"
    assert language.translated_message("Steps: must be a whole number from 10 to 500, got 5000").startswith("Steps:")
    assert all(field in TEXTS.values() or field for field in KO_FIELDS)


def test_a_handler_speaks_the_language_of_the_page_that_asked():
    korean = page(lang="ko", session=None)
    _, caption = digits.generate("cgan-mnist", "3", 4, 0, False, korean)
    assert "숫자 3의 샘플 4개" in caption and "독립된 분류기" in caption
    _, caption = digits.generate("cgan-mnist", "3", 4, 0, False)  # called directly: English
    assert "4 samples of digit 3" in caption
    with pytest.raises(gr.Error, match=r"샘플 수: 1에서 100 사이"):
        digits.generate("cgan-mnist", "3", 500, 0, False, korean)
    with pytest.raises(gr.Error, match=r"Number of samples: must be"):
        digits.generate("cgan-mnist", "3", 500, 0, False)
    astronaut = str(style.EXAMPLES / "content" / "astronaut.jpg")
    status = list(style.stylise_gatys(astronaut, "starry_night", None, 4, 10, 64, False, korean))
    assert "걸음" in status[0][2] and "완료" in status[-1][2]


def test_the_switch_rewrites_every_translated_part_of_the_page():
    from demo.ui import build_demo

    parts = language.translatable(build_demo())
    keys = {key for _, _, key in parts if isinstance(key, str)}
    assert {"tab_style", "digits_explanation", "style_content", "play_play", "intro"} <= keys
    korean = language.page_in("ko", parts)
    labels = {key: update for (_, _, key), update in zip(parts, korean, strict=True) if isinstance(key, str)}
    assert labels["tab_style"]["label"] == "스타일 전이" and labels["play_play"]["value"] == "재생"
    choices = [dict((v, lab) for lab, v in update["choices"])
               for (_, attr, _), update in zip(parts, korean, strict=True) if attr == "choices"]
    assert {"ring": "가우시안 8개의 고리"}.items() <= next(c for c in choices if "ring" in c).items()
    assert next(c for c in choices if "starry_night" in c)["starry_night"] == "별이 빛나는 밤 (반 고흐) · 빠른 네트워크"
    headers = [update["headers"] for (_, attr, _), update in zip(parts, korean, strict=True) if attr == "headers"]
    assert headers and all("__i18n__" not in h for row in headers for h in row)


def test_a_shared_link_carries_the_inputs_and_only_example_pictures():
    from demo import share
    from demo.ui import build_demo

    build_demo()
    shared = {s.tab: s for s in share.TABS}
    request = SimpleNamespace(headers={"referer": "http://class.example:7860/?view=presenter"}, query_params={},
                              session_hash="x")
    link = share.link_to(shared["walk"], ["dcgan-mnist", 10.0, 77.0, 0.3, "lerp"], request)
    assert link == "http://class.example:7860/?tab=walk&model=dcgan-mnist&a=10&b=77&t=0.3&method=lerp"
    style_tab = shared["style"]
    content, strength = style_tab.fields["content"], style_tab.fields["strength"]
    example = str(style.EXAMPLES / "content" / "coffee.jpg")
    assert "content=coffee.jpg" in share.link_to(style_tab, [example, "the_scream", 0.5, "512", True], request)
    uploaded = share.link_to(style_tab, ["/tmp/gradio/abc/mine.png", "the_scream", 0.5, "512", True], request)
    assert "content=" not in uploaded and "not in the link" in uploaded
    assert share._decode(content, "coffee.jpg", style_tab.picture_folders) == example
    assert share._decode(content, "../../../etc/passwd", style_tab.picture_folders) is not None  # a skip, not a path
    assert not isinstance(share._decode(content, "../../../etc/passwd", style_tab.picture_folders), str)
    assert share._decode(strength, "0.25", ()) == 0.25 and not isinstance(share._decode(strength, "x", ()), float)


def test_the_colour_scales_inside_pictures_speak_korean_when_a_font_can_draw_it(monkeypatch):
    import numpy as np
    from PIL import Image

    from ganzoo.inference.pictures import HEAT_COLOURS, font_for, hangul_font_path, with_colour_bar

    with language.speaking("ko"):
        korean = language.tr_in_picture("bar_lost", scale=0.5)
        monkeypatch.setattr(language, "hangul_font_path", lambda: None)
        without_font = language.tr_in_picture("bar_lost", scale=0.5)
    assert without_font == "0.5 or more (lost)"  # English rather than boxes
    if hangul_font_path() is None:
        pytest.skip("no Hangul font here (apt install fonts-nanum; CI installs it)")
    assert korean == "0.5 이상 (잃음)"
    # The Hangul font draws the two syllables as two different shapes; Pillow's own font draws both as
    # the same box.
    shapes = [np.asarray(font_for("진짜", 20).getmask(c)) for c in "진짜"]
    assert shapes[0].shape != shapes[1].shape or (shapes[0] != shapes[1]).any()
    bar = with_colour_bar(Image.new("RGB", (200, 50), "white"), HEAT_COLOURS, "진짜", "가짜")
    assert bar.size == (200, 80) and (np.asarray(bar)[50:65] < 100).any()  # the labels are drawn



def test_the_playground_charts_speak_the_pages_language():
    import numpy as np

    from demo import playground as tab
    from ganzoo.inference.pictures import hangul_font_path

    if hangul_font_path() is None:
        pytest.skip("no Hangul font here (apt install fonts-nanum; CI installs it)")
    from ganzoo.train.game import GameSettings

    session = tab.new_session(GameSettings(data="ring"), compare=False)
    for game in session.games.values():
        game.run(5)  # a few points on the curves
    english = np.asarray(tab.frame(session)[2])
    with language.speaking("ko"):
        korean = np.asarray(tab.frame(session)[2])
    assert english.shape == korean.shape
    # Only the words differ: the chart's titles and legends (the top rows of each panel).
    assert (english != korean).any(axis=2).sum() > 200
