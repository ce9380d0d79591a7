"""A triệu đồng figure written in tỷ đồng by the draft (phrases.in_billions, to_billions)
reads back, the Vietnamese way, to the figure within half of its last digit (5 triệu), and
a figure under 10 tỷ stays in triệu đồng exactly as typed — for any figure."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.numbers import parse_number
from desktop.core.report.phrases import BILLIONS_FROM, slot_texts

FIGURES = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)


@settings(max_examples=50)
@given(FIGURES)
def test_a_figure_in_ty_dong_reads_back_within_half_its_last_digit(pack, figure):
    form = pack.get("ngan_sach")
    ind = form.indicator_map()["NS_THU"]
    slots = slot_texts(
        ind, {("NS_THU", "th_ky"): figure}, pack.catalog, "tháng 1 năm 2023", billions=True
    )
    read = parse_number(slots["value"]).value
    if figure >= BILLIONS_FROM:
        assert slots["unit"] == "tỷ đồng"
        assert abs(read * 1000 - figure) <= 5, (figure, slots["value"])
    else:
        assert slots["unit"] == "triệu đồng" and read == figure, (figure, slots["value"])
