"""The entry page's Excel template buttons (docs/excel-template.md): «Biểu mẫu Excel…» writes
the fill-in workbook of the open form, unit and period (with the draft's figures, marks and
narratives), «Nhập từ Excel…» takes a filled one back as the draft.  A clerk who fills the
form offline no longer needs the command line.  Thin over
`desktop.core.excel.templates.make_template` and `template_entry.load_template_draft`."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QPushButton

from desktop.core.errors import BaoCaoError


def template_buttons(page) -> list[QPushButton]:
    write = QPushButton("Biểu mẫu Excel…")
    write.setToolTip("Tạo tệp Excel của biểu này để điền số ngoài máy, rồi «Nhập từ Excel…».")
    write.clicked.connect(lambda: write_template(page))
    read = QPushButton("Nhập từ Excel…")
    read.setToolTip("Lấy số liệu từ biểu mẫu Excel đã điền vào bản nháp của biểu này.")
    read.clicked.connect(lambda: read_template(page))
    page.template_button, page.load_button = write, read
    return [write, read]


def write_template(page) -> Path | None:
    from desktop.core.excel.templates import make_template
    from desktop.gui.dialogs import ask
    from desktop.gui.dialogs.error_dialog import show_error

    s = page.session
    suggested = Path.home() / f"bieu_mau_{s.form.id}_{s.unit.code}_{s.period}.xlsx"
    path = ask.save_file(page, "Lưu biểu mẫu Excel để điền", "Excel (*.xlsx)", suggested)
    if not path:
        return None
    path = Path(path) if Path(path).suffix.lower() == ".xlsx" else Path(f"{path}.xlsx")
    try:
        out = make_template(s.svc, form_id=s.form.id, unit_code=s.unit.code,
                            period_text=str(s.period), out=path)  # fmt: skip
    except BaoCaoError as exc:
        show_error(page, exc, pack_of=lambda: s.svc.pack)
        return None
    page.say(
        f"Đã tạo biểu mẫu «{out.name}». Điền số vào các ô vàng (hàng chưa có số: chọn «không "
        "phát sinh» hoặc «chưa có số liệu» ở cột Đánh dấu), rồi bấm «Nhập từ Excel…»."
    )
    return out


def read_template(page) -> bool:
    from desktop.core.excel.template_entry import load_template_draft
    from desktop.gui.dialogs import ask
    from desktop.gui.dialogs.error_dialog import show_error

    s = page.session
    path = ask.open_file(page, "Chọn biểu mẫu Excel đã điền", "Excel (*.xlsx)")
    if not path:
        return False
    try:
        stored = load_template_draft(s.svc, Path(path), unit=s.unit, form=s.form,
                                     period=s.period, actor=s.actor)  # fmt: skip
    except BaoCaoError as exc:
        show_error(page, exc, pack_of=lambda: s.svc.pack)
        return False
    said = f"Đã nhập «{Path(path).name}» vào bản nháp (lần {stored.revision})."
    if page.on_template_loaded is not None:
        page.on_template_loaded(said)  # the form opened again, with what was read
    return True
