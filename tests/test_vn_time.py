import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from desktop.core.vn_time import status_word, vn_datetime


def test_utc_stamp_in_vietnam_time():
    assert vn_datetime("2023-06-18T00:00:02+00:00") == "18/06/2023 07:00"
    assert vn_datetime("2023-12-31T17:30:00Z") == "01/01/2024 00:30"
    assert vn_datetime("2023-06-18T09:15:00") == "18/06/2023 09:15"  # naive: already local
    assert vn_datetime(None) == "" and vn_datetime("hôm qua") == "hôm qua"


def test_status_words():
    assert status_word("received") == "Đã nhận" and status_word("sent") == "Đã gửi"


@given(st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1)))
def test_any_utc_instant_reads_back_seven_hours_later(moment):
    utc = moment.replace(tzinfo=dt.UTC, second=0, microsecond=0)
    shown = dt.datetime.strptime(vn_datetime(utc.isoformat()), "%d/%m/%Y %H:%M")
    assert shown == (utc + dt.timedelta(hours=7)).replace(tzinfo=None)
