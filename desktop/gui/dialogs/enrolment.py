"""An enrolment request dropped on the province's inbox: the unit, the person and the
fingerprint; the officer phones the unit, types the fingerprint read out, and accepts
(«Chấp nhận») or refuses («Từ chối») the key.  Accepting counts the unit's held packages
and writes the decision file the unit imports.  Thin over desktop/core/trust/enrolment.py."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from desktop.core.errors import BaoCaoError
from desktop.gui.dialogs import ask

FILTER = "Xác nhận khóa BaoCao (*.baocao-xacnhan)"
REQUEST_FILTER = "Yêu cầu đăng ký khóa BaoCao (*.baocao-dangky)"


class EnrolmentDialog(QDialog):
    def __init__(self, svc, path: Path, actor: str | None, parent=None) -> None:
        from desktop.core.trust import enrolment  # when a request comes in, not at start
        from desktop.core.trust.policy import named

        super().__init__(parent)
        self.svc, self.actor = svc, actor
        self.request = enrolment.receive_request(svc.db, svc.units, Path(path), actor=actor)
        self.unit = enrolment.find_unit(
            svc.units, self.request.unit.code, self.request.unit.valid_from
        )
        self.setWindowTitle(f"Yêu cầu đăng ký khóa — {self.unit.name}")
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                f"<b>{named(svc.units, self.unit)}</b> yêu cầu đăng ký khóa ký.<br>"
                f"Người gửi: {self.request.person}<br>Dấu vân tay trong yêu cầu: "
                f"<b>{self.request.fingerprint}</b><br><br>Hãy gọi điện cho đơn vị, đề nghị đọc dấu vân "
                "tay trên máy của họ và gõ lại vào ô dưới đây."
            )
        )
        # the unit has a key already: accepting replaces it — said before anything is clicked
        self.replacing = QLabel(
            enrolment.replacing(svc.db, svc.units, self.unit.key, self.request.fingerprint)
        )
        self.replacing.setWordWrap(True)
        self.replacing.setStyleSheet("color: #b00020; font-weight: bold")
        self.replacing.setVisible(bool(self.replacing.text()))
        layout.addWidget(self.replacing)
        self.fingerprint = QLineEdit()
        self.fingerprint.setPlaceholderText("Dấu vân tay đơn vị đọc qua điện thoại")
        layout.addWidget(self.fingerprint)
        layout.addWidget(QLabel("Lý do từ chối (bắt buộc khi bấm «Từ chối»):"))
        self.reason = QLineEdit()  # as «Trả lại» asks its comment: required to refuse
        self.reason.setPlaceholderText("Ghi vào nhật ký tin cậy và gửi kèm quyết định cho đơn vị")
        layout.addWidget(self.reason)
        row = QHBoxLayout()
        row.addStretch(1)
        for text, decision in (("Chấp nhận", "accepted"), ("Từ chối", "refused")):
            b = QPushButton(text)
            b.clicked.connect(lambda _=False, d=decision: self.decide(d))
            row.addWidget(b)
        close = QPushButton("Đóng")
        close.clicked.connect(self.reject)
        row.addWidget(close)
        layout.addLayout(row)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.results: list = []

    def decide(self, decision: str) -> None:
        from desktop.core.exchange.signing import SigningKey, normalise_fingerprint
        from desktop.core.trust import enrolment

        try:
            typed = normalise_fingerprint(self.fingerprint.text())
        except BaoCaoError as exc:
            self.message.setText(exc.message)
            return
        if decision == "accepted" and typed != self.request.fingerprint:
            self.message.setText(
                "Dấu vân tay đọc qua điện thoại khác dấu vân tay trong yêu cầu: "
                "không chấp nhận. Hãy kiểm tra lại với đơn vị."
            )
            return
        reason = self.reason.text().strip() if decision == "refused" else ""
        if decision == "refused" and not reason:
            self.message.setText(
                "Cần ghi lý do từ chối khóa (ghi vào nhật ký tin cậy và báo cho đơn vị)."
            )
            self.reason.setFocus()
            return
        target = ask.save_file(
            self,
            "Lưu tệp quyết định gửi đơn vị",
            FILTER,
            Path.home() / f"xac_nhan_khoa_{self.unit.code}.baocao-xacnhan",
        )
        if target is None:
            return
        try:
            if decision == "accepted":
                self.results = enrolment.accept_key(
                    self.svc, self.unit, self.request.fingerprint, actor=self.actor
                )
            else:
                self.results = enrolment.refuse_key(
                    self.svc, self.unit, self.request.fingerprint, actor=self.actor, reason=reason
                )
            enrolment.write_decision(
                SigningKey.load_or_create(self.svc.key_dir),
                self.unit,
                self.request.fingerprint,
                decision,
                target,
                actor=self.actor,
                reason=reason,
            )
        except BaoCaoError as exc:
            self.message.setText(exc.message)
            return
        if decision == "accepted":
            counted = sum(r.outcome in ("new", "new_revision") for r in self.results)
            done = f"Đã chấp nhận khóa của {self.unit.name}; {counted} gói đang giữ được tính."
            if elsewhere := enrolment.held_for_others(  # as «Khóa đơn vị» and keys trust say
                self.svc.db, self.svc.units, self.unit.key, self.request.fingerprint
            ):
                done += f" Lưu ý: {elsewhere}"
        else:
            refused = sum(r.outcome == "rejected" for r in self.results)
            done = (
                f"Đã từ chối khóa của {self.unit.name} (lý do: {reason}); "
                f"{refused} gói đang giữ bị từ chối."
            )
        self.message.setText(f"{done} Gửi tệp {Path(target).name} cho đơn vị.")


def request_button(page) -> QPushButton:
    """«Yêu cầu đăng ký khóa» for a unit's page with `svc` and `unit`: writes the signed
    request file to send the province, and shows the fingerprint to read out when the
    province phones."""
    button = QPushButton("Yêu cầu đăng ký khóa")

    def run() -> None:
        from desktop.core.exchange.service import ascii_slug
        from desktop.core.exchange.signing import SigningKey
        from desktop.core.settings import load_settings
        from desktop.core.trust import enrolment

        unit = page.unit
        suggested = Path.home() / f"dang_ky_khoa_{unit.code}_{ascii_slug(unit.name)}.baocao-dangky"
        target = ask.save_file(page, "Lưu yêu cầu đăng ký khóa gửi tỉnh", REQUEST_FILTER, suggested)
        if target is None:
            return
        settings = load_settings()
        key = SigningKey.load_or_create(page.svc.key_dir)
        try:
            path = enrolment.write_request(
                key, unit, settings.person_name if settings else "", target
            )
        except BaoCaoError as exc:
            ask.warn(page, "Yêu cầu đăng ký khóa", exc.message)
            return
        ask.info(
            page,
            "Yêu cầu đăng ký khóa",
            f"Đã ghi {Path(path).name}: gửi tệp này cho văn phòng tỉnh.<br>Khi tỉnh gọi điện, "
            f"hãy đọc dấu vân tay: <b>{key.fingerprint}</b>",
        )

    button.clicked.connect(run)
    return button
