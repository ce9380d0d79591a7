"""The main window's unit clerk: a form opened from the list on the entry page, back to
the list, the reports sent as a package, the form exported as the unit's Excel."""

from __future__ import annotations

from pathlib import Path


class ClerkWindowMixin:
    """MainWindow's clerk actions: `self.entry_page` is the open form's page (or None)."""

    def open_form(self, form, period):
        from desktop.core.entry_session import EntrySession
        from desktop.gui.pages.entry import EntryPage

        session = EntrySession(
            self.svc, unit=self.unit, form=form, period=period, actor=self.settings.person_name
        )
        if self.entry_page is not None:
            self.stack.removeWidget(self.entry_page)
            self.entry_page.deleteLater()
        self.entry_page = EntryPage(
            session,
            on_send=lambda form_ids: self.send_reports(period, form_ids=form_ids),
            on_export_excel=lambda path: self.export_unit_excel(form, period, path),
            on_template_loaded=lambda said: self.open_form(form, period).say(said),
        )
        self.entry_page.back.connect(self._back_to_list)
        self.stack.addWidget(self.entry_page)
        self.stack.setCurrentWidget(self.entry_page)
        self.entry_page.table.setFocus()  # typing goes to the first figure, not the back button
        return self.entry_page

    def _nav_clicked(self, item) -> None:
        """A click on the page already chosen shows it again: «Biểu báo cáo» from a form is
        the list (the row did not change, so `_go` was not called)."""
        key = self.nav_keys[self.nav.row(item)]
        if key == "home" and self.stack.currentWidget() is self.entry_page is not None:
            self._back_to_list()

    def _back_to_list(self) -> None:
        """«← Danh sách biểu»: the list again, its focus on the form just left (Enter reopens)."""
        self.show_page("home")
        self.home.view.setFocus()

    def send_reports(
        self, period, out: Path | None = None, form_ids: list[str] | None = None
    ) -> Path | None:
        from desktop.core.exchange.export import default_package_name, export_forms
        from desktop.gui.dialogs import ask
        from desktop.gui.dialogs.error_dialog import show_error

        if out is None:
            default = Path.home() / default_package_name(
                self.unit.code, self.unit.name, str(period)
            )
            out = ask.save_file(
                self,
                "Gửi báo cáo: lưu gói để gửi qua thư điện tử hoặc USB",
                "Gói BaoCao (*.baocao)",
                default,
            )
            if out is None:
                return None
        try:
            done = export_forms(
                self.svc,
                unit_code=self.unit.code,
                period_text=str(period),
                form_ids=form_ids,
                out=out,
                actor=self.settings.person_name,
            )
        except Exception as exc:
            show_error(self, exc, pack_of=lambda: self.svc.pack)
            return None
        path = done.path
        said = (
            f"Đã tạo gói «{path.name}» ({len(done.entries)} biểu, {period.phrase}). Gửi tệp này "
            "cho văn phòng tỉnh."  # the period: the line stays while another period is open
        )
        if done.notice:  # figures in columns the period no longer has, told once
            said += f" Không gửi {len(done.left_out)} số liệu ở cột không có trong kỳ này."
            ask.info(self, "Gửi báo cáo: có số liệu không gửi", done.notice)
        self.statusBar().showMessage(said)
        if self.entry_page is not None:
            self.entry_page.session.stored = (
                self.svc.repo.get_by_id(self.entry_page.session.stored.id)
                if self.entry_page.session.stored
                else None
            )
            self.entry_page.refresh()
        self.home.refresh()
        return path

    def export_unit_excel(self, form, period, path: Path) -> Path | None:
        from desktop.core.consolidation.engine import unit_report
        from desktop.core.excel.workbook import write_consolidated_workbook
        from desktop.gui.dialogs.error_dialog import show_error

        try:
            result = unit_report(self.svc, self.unit, str(period), [form.id])
            out = write_consolidated_workbook(result, self.svc.pack.catalog, path)
        except Exception as exc:
            show_error(self, exc, pack_of=lambda: self.svc.pack)
            return None
        self.statusBar().showMessage(f"Đã xuất {out}")
        return out
