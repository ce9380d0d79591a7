"""Use cases the CLI and the GUI call.  Neither front end holds business logic: they parse
arguments or widget input, call one function here, and show what comes back.

`Services` is the composition root of the core: the form pack, the unit catalog and the
local database, each opened lazily on first use.  The modules behind them (forms, periods,
submissions, validation) are imported by the methods that use them: the desktop window
makes its `Services` before its first paint and needs none of them until after it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import paths
from desktop.core.errors import Severity
from desktop.core.record import record

if TYPE_CHECKING:
    from desktop.core.errors import Issue
    from desktop.core.formdef.loader import FormPack
    from desktop.core.periods import Period
    from desktop.core.submission import Submission
    from desktop.core.units import Unit, UnitCatalog
    from desktop.core.validation.context import History


@record
class EntryReport:
    """What validating one input file found."""

    file: str
    submission: Submission | None
    unit: Unit | None
    issues: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        from desktop.core.errors import has_errors

        return not has_errors(self.issues)


class Services:
    def __init__(
        self,
        *,
        db_path: Path | None = None,
        forms_dir: Path | None = None,
        units_path: Path | None = None,
        today: dt.date | None = None,
    ) -> None:
        self.db_path = Path(db_path) if db_path else paths.default_db_path()
        self.forms_dir = Path(forms_dir) if forms_dir else paths.forms_dir()
        self.units_path = Path(units_path) if units_path else paths.units_catalog_path()
        self._today = today
        self.key_dir = paths.key_dir(self.db_path)

    # ------------------------------------------------------------ composition

    @property
    def today(self) -> dt.date:
        if self._today is not None:
            return self._today
        from desktop.core.vn_time import VN_TIME

        # the office's day (Vietnam time), as the days packages were received are read
        # (status._vn_day): a machine on UTC counted «quá 1.411 ngày» beside «trễ 1.412 ngày»
        return dt.datetime.now(VN_TIME).date()

    @cached_property
    def pack(self) -> FormPack:
        from desktop.core.formdef.loader import load_pack

        return load_pack(self.forms_dir)

    @cached_property
    def units(self) -> UnitCatalog:
        from desktop.core.units import UnitCatalog

        return UnitCatalog.load(self.units_path)

    @cached_property
    def responsibilities(self):
        """The departments' responsibility matrix kept beside the unit catalog (None when
        that catalog has none: every unit then answers for every row)."""
        from desktop.core.departments import ResponsibilityMatrix

        path = self.units_path.with_name("responsibilities.json")
        return ResponsibilityMatrix.load(path) if path.exists() else None

    @cached_property
    def departments_only(self) -> frozenset[str]:
        """The forms only departments report (`departments_only` of the responsibility
        matrix, read alone: a short command like `status` builds no matrix for it)."""
        import json

        path = self.units_path.with_name("responsibilities.json")
        if not path.exists():
            return frozenset()
        return frozenset(json.loads(path.read_text(encoding="utf-8")).get("departments_only", []))

    def reports_form(self, unit, form_id: str) -> bool:
        """Whether `unit` reports a form, whole or in part: a department the forms the
        responsibility matrix gives it, any other unit every form but those only departments
        report.  The one answer of the clerk's home and the reporting status (CLI, board,
        completeness chart)."""
        if unit.level == "department":
            matrix = self.responsibilities
            return matrix is None or any(r.form == form_id for r in matrix.of(unit))
        return form_id not in self.departments_only

    def answered_by(self, unit, form) -> frozenset[str] | None:
        """The rows of `form` that `unit` answers for (None = all): a department only its
        part of the form (departments.ResponsibilityMatrix.answered_by)."""
        if unit is None or unit.level != "department" or self.responsibilities is None:
            return None
        return self.responsibilities.answered_by(unit, form)

    def row_owner(self, form, code: str, period) -> str:
        """Who answers for one row of `form` in `period`: the departments the
        responsibility matrix gives it, by name (validation names them to the others)."""
        from desktop.core.formdef.models import Calendar

        matrix = self.responsibilities
        on = period.window(Calendar.CALENDAR)[1]  # the day units.for_period resolves on
        names = [
            u.name
            for u in matrix.reporters(form.id, self.units.departments(on))
            if matrix.reports_indicator(u, form, code)
        ]
        return ", ".join(names) or "sở, ngành khác"

    @cached_property
    def db(self):
        from desktop.core.storage.database import open_database

        return open_database(self.db_path)

    @cached_property
    def repo(self):
        from desktop.core.consolidation.accumulate import PackTotalsRules
        from desktop.core.storage.naming import StoredNames
        from desktop.core.storage.repository import SubmissionRepository

        return SubmissionRepository(
            self.db,
            totals_rules=PackTotalsRules(lambda: self.pack),
            names=StoredNames(lambda: self.pack, lambda: self.units),
        )

    def close(self) -> None:
        """Close the database connection (before a restore, or when the window closes)."""
        db = self.__dict__.pop("db", None)
        self.__dict__.pop("repo", None)
        if db is not None:
            db.conn.close()

    def db_exists(self) -> bool:
        return self.db_path.exists()

    # ------------------------------------------------------------ entry

    def check_context(
        self, sub: Submission, filename: str | None
    ) -> tuple[Unit | None, list[Issue]]:
        """Form version, period type, period not in the future, unit valid for the period."""
        from desktop.core.errors import Issue, Location
        from desktop.core.periods import Period

        issues: list[Issue] = []
        form = self.pack.get(sub.form_id)

        def err(code: str, message: str, fld: str) -> None:
            issues.append(
                Issue(
                    severity=Severity.ERROR,
                    code=code,
                    message=message,
                    location=Location(file=filename, form=form.id, field=fld),
                )
            )

        if sub.form_version != form.version:
            err(
                "sai_phien_ban_bieu",
                f"Bài nộp theo {form.bieu_so.lower()} ({form.title}) phiên bản {sub.form_version}, "
                f"nhưng biểu đang dùng là phiên bản {form.version}. "
                "Hãy lấy mẫu mới và nhập lại.",
                "form_version",
            )
        try:
            period = Period.parse(sub.period)
        except Exception as exc:  # PeriodError carries a Vietnamese message
            err("ky_khong_hop_le", getattr(exc, "message", str(exc)), "period")
            return None, issues
        if period.type not in form.period_types:
            accepted = ", ".join(t.value for t in form.period_types)
            err(
                "ky_khong_nhan",
                f"Biểu «{form.title}» không nhận kỳ {period.label}; các loại kỳ được nhận: {accepted}.",
                "period",
            )
        if period.is_future(self.today):
            err(
                "ky_trong_tuong_lai",
                f"Kỳ {period.label} chưa bắt đầu (hôm nay {self.today:%d/%m/%Y}).",
                "period",
            )
        unit = None
        try:
            unit = self.units.for_period(sub.unit, period)
        except Exception as exc:
            err("don_vi_khong_co", getattr(exc, "message", str(exc)), "unit")
        return unit, issues

    def history_for(self, unit: Unit, form_id: str, period: Period) -> History:
        from desktop.core.validation.context import History

        if not self.db_exists():
            return History()
        hist = History(
            previous_label=period.previous().label,
            last_year_label=period.same_period_last_year().label,
            previous_same_year=period.previous().year == period.year,
            last_month_label=period.last_month.label,
        )
        for target, attr in (
            (period.previous(), "previous"),
            (period.same_period_last_year(), "last_year"),
            *(((period.last_month, "last_month"),) if period.last_month != period else ()),
        ):
            try:
                old_unit = self.units.for_period(unit.code, target)
            except Exception:
                continue
            if old_unit.key != unit.key:
                continue  # a different area under a reused code: not comparable
            stored = self.repo.get(unit.code, unit.key[1], form_id, str(target))
            if stored is not None:
                setattr(hist, attr, stored.submission.values)
        return hist

    def validate(
        self,
        sub: Submission,
        *,
        filename: str | None = None,
        parse_issues: list[Issue] | None = None,
        errors_only: bool = False,
    ) -> EntryReport:
        """Every issue of `sub`, errors first.  `errors_only` (the import) keeps the errors
        alone, and reads no earlier periods: the checks against them only warn."""
        from desktop.core.periods import Period
        from desktop.core.texts import clean_submission_texts
        from desktop.core.validation.context import History
        from desktop.core.validation.engine import placed, validate_submission

        unit, issues = self.check_context(sub, filename)
        issues = [*(parse_issues or []), *clean_submission_texts(sub, filename), *issues]
        form = self.pack.get(sub.form_id)
        history = History()
        if unit is not None and not errors_only:
            history = self.history_for(unit, form.id, Period.parse(sub.period))
        issues.extend(
            validate_submission(
                form,
                sub,
                self.pack.catalog,
                history=history,
                filename=filename,
                errors_only=errors_only,
                answered=self.answered_by(unit, form),
                owner_of=lambda code: self.row_owner(form, code, Period.parse(sub.period)),
            )
        )
        if errors_only:
            issues = [i for i in issues if i.severity is Severity.ERROR]
        issues = placed(issues, sub.places)  # a workbook's issues name their sheet and cell
        order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
        return EntryReport(
            filename or "", sub, unit, sorted(issues, key=lambda i: order[i.severity])
        )

    def read_entry_file(self, path: Path) -> tuple[Submission, list[Issue]]:
        """Read a JSON submission or a filled Excel template into a Submission."""
        from desktop.core.submission import parse_submission, read_submission_file

        path = Path(path)
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            from desktop.core.excel.template_reader import read_template

            return read_template(path, self.pack)
        from desktop.core.errors import NotFoundError

        sf = read_submission_file(path)
        try:
            form = self.pack.get(sf.form)
        except NotFoundError as exc:
            raise exc.of_file(path.name) from None
        return parse_submission(sf, form, filename=path.name, catalog=self.pack.catalog)

    def validate_file(self, path: Path) -> EntryReport:
        sub, parse_issues = self.read_entry_file(path)
        return self.validate(sub, filename=Path(path).name, parse_issues=parse_issues)

    def save_entry(self, report: EntryReport, *, final: bool = False, actor: str | None = None):
        """Store a validated submission; refuse (ValidationFailed) when it may not be stored."""
        from desktop.core.errors import ValidationFailed
        from desktop.core.validation.engine import draft_blockers, finalisation_blockers

        sub = report.submission
        if sub is None or report.unit is None or draft_blockers(report.issues):
            errors = draft_blockers(report.issues) or [i for i in report.issues if i.is_error]
            raise ValidationFailed(
                f"Không lưu «{report.file}»: còn {len(errors)} lỗi.", issues=errors
            )
        if final:
            blockers = finalisation_blockers(report.issues, sub)
            if blockers:
                raise ValidationFailed(
                    f"Không thể hoàn thành «{report.file}»: còn {len(blockers)} lỗi hoặc cảnh báo chưa có giải trình.",
                    issues=blockers,
                )
        form = self.pack.get(sub.form_id)
        return self.repo.save(
            sub,
            form_hash=self.pack.content_hash(form.id),
            unit_valid_from=report.unit.key[1],
            actor=actor or sub.author,
            status="final" if final else "draft",
        )

    def load_file(self, path: Path, *, final: bool = False, actor: str | None = None):
        report = self.validate_file(path)
        return report, self.save_entry(report, final=final, actor=actor)

    def get_submission(self, unit_code: str, period_text: str, form_id: str):
        from desktop.core.errors import NotFoundError
        from desktop.core.formdef.period_form import form_for_period
        from desktop.core.periods import Period

        period = Period.parse(period_text)
        form = form_for_period(self.pack.get(form_id), period)  # the period's columns
        unit = self.units.for_period(unit_code, period)
        stored = (
            self.repo.get(unit.code, unit.key[1], form.id, str(period))
            if self.db_exists()
            else None
        )
        if stored is None:
            raise NotFoundError(
                f"Chưa có số liệu biểu «{form.title}» của {unit.name}, {period.label}.",
                code="chua_co_so_lieu",
            )
        return form, unit, period, stored
