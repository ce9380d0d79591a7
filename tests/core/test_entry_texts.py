"""Texts typed in the entry grid (justifications, narratives, text figures) go through
desktop/core/texts.clean_text as texts from files do: control characters and bidi
overrides are removed with a note, a text over its limit is refused in Vietnamese naming
the limit and nothing is stored."""

from __future__ import annotations

import pytest

from desktop.core.entry_session import EntrySession
from desktop.core.periods import Period
from desktop.core.texts import MAX_COMMENT_CHARS, MAX_TEXT_VALUE_CHARS

PERIOD = "2023-H1"
THU = ("NS_THU", "th_ky")


def session(svc, form_id: str = "ngan_sach") -> EntrySession:
    period = Period.parse(PERIOD)
    unit = svc.units.for_period("178", period)
    return EntrySession(svc, unit=unit, form=svc.pack.get(form_id), period=period, actor="Lan")


def stored(svc, form_id: str = "ngan_sach"):
    return svc.repo.get("178", "", form_id, PERIOD).submission


def test_a_typed_justification_loses_nul_esc_and_bidi_overrides_with_a_note(services):
    s = session(services)
    assert s.set_cell(*THU, "1.234,5").ok
    result = s.set_comment(*THU, "  Thu\x00 tăng do\x1b[1m thuế \u202eđất\u202c.  ")
    assert result.ok and result.value == "Thu tăng do[1m thuế đất."
    assert "Giải trình" in result.message and "NUL" in result.message
    assert "ESC" in result.message and "RLO" in result.message and "4 ký tự" in result.message
    assert stored(services).comments[THU] == "Thu tăng do[1m thuế đất."
    again = session(services)  # what a later session reads back: the cleaned text
    assert again.submission.comments[THU] == "Thu tăng do[1m thuế đất."


def test_a_clean_justification_has_no_note(services):
    s = session(services)
    result = s.set_comment(*THU, "Tăng 5 % so với cùng kỳ.")
    assert result.ok and result.message is None
    assert stored(services).comments[THU] == "Tăng 5 % so với cùng kỳ."


@pytest.mark.parametrize("length", [MAX_COMMENT_CHARS + 1, 5_000_000])
def test_an_over_long_justification_is_refused_naming_the_limit(services, length):
    s = session(services)
    assert s.set_comment(*THU, "Ngắn.").ok
    result = s.set_comment(*THU, "x" * length)
    assert not result.ok
    assert result.message.startswith("Giải trình dài ")
    assert "tối đa 2.000 ký tự" in result.message and "chưa lưu" in result.message
    assert stored(services).comments[THU] == "Ngắn."
    s.undo()
    assert THU not in stored(services).comments  # the refused text left no undo step


def test_a_narrative_is_cleaned_and_one_over_the_forms_limit_refused(services):
    s = session(services)
    section = next(n for n in s.form.narratives if n.code == "ket_qua")
    result = s.set_narrative("ket_qua", "Kết quả\x07 tốt.\nDòng hai\tcó tab.\u2066")
    assert result.ok and result.value == "Kết quả tốt.\nDòng hai\tcó tab."
    assert result.message.startswith(f"Phần «{section.title}»")
    refused = s.set_narrative("ket_qua", "y" * (section.max_chars + 1))
    assert not refused.ok
    assert f"tối đa {section.max_chars:,} ký tự".replace(",", ".") in refused.message
    assert stored(services).narratives["ket_qua"] == "Kết quả tốt.\nDòng hai\tcó tab."


def test_a_text_figure_is_cleaned_and_limited_like_a_file(services):
    s = session(services, "quoc_phong")
    cell = ("QP_HL_KQ", "th_ky")
    ok = s.set_cell(*cell, "Khá\u202e, đạt yêu cầu")
    assert ok.ok and ok.value == "Khá, đạt yêu cầu" and "RLO" in ok.message
    assert stored(services, "quoc_phong").values[cell] == "Khá, đạt yêu cầu"
    too_long = s.set_cell(*cell, "z" * (MAX_TEXT_VALUE_CHARS + 1))
    assert not too_long.ok and "tối đa 2.000 ký tự" in too_long.message
    assert stored(services, "quoc_phong").values[cell] == "Khá, đạt yêu cầu"
