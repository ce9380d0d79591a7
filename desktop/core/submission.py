"""The submission: one unit's figures for one form and one period.

`SubmissionFile` is the JSON exchange format (docs/submission-format.md, JSON Schema by
`baocao entry schema`): values are written as the clerk would type them (`"209.435"`,
`"57,3"`) or as JSON numbers (read exactly, never through float).  `parse_submission()`
turns it into a `Submission` with `Decimal` values, collecting every problem as an Issue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core import canonical, dataspec
from desktop.core.errors import InputFileError, Issue, Location, Severity
from desktop.core.formdef.period_form import form_for_period, periods_phrase
from desktop.core.marks import Mark, read_marks
from desktop.core.numbers import NumberFormatError, parse_number
from desktop.core.pydantic_vi import vn_validation_message
from desktop.core.record import record
from desktop.core.submission_data import MarkData, SubmissionData  # noqa: F401 — offered here

if TYPE_CHECKING:
    from desktop.core.submission_schema import RawValue, SubmissionFile

FORMAT = "baocao-submission/1"
MAX_FILE_BYTES = 20 * 1024 * 1024
_SCHEMA_NAMES = ("SubmissionFile", "RawValue", "MarkFile")


def __getattr__(name: str):
    # the pydantic model of the format, loaded when first asked for (PEP 562)
    if name in _SCHEMA_NAMES:
        from desktop.core import submission_schema

        return getattr(submission_schema, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


Key = tuple[str, str]  # (indicator code, measure code)


@dataclass
class Submission:
    """Parsed figures of one unit × form × period, ready to validate and store."""

    form_id: str
    form_version: int
    unit: str
    period: str
    values: dict[Key, Decimal | str] = field(default_factory=dict)
    comments: dict[Key, str] = field(default_factory=dict)
    narratives: dict[str, str] = field(default_factory=dict)
    author: str | None = None
    marks: dict[str, Mark] = field(default_factory=dict)  # indicator → mark (marks.py)
    data_cutoff: str | None = None  # ISO date the figures run to; None = the form's calendar
    # parse notices (what an ambiguous text was understood as), with their locations
    notes: list[Issue] = field(default_factory=list)
    # where a workbook holds each cell ((indicator, measure), (indicator, None) for the row,
    # or a narrative code → (sheet, cell)): validation issues are placed there (engine.placed)
    places: dict = field(default_factory=dict, compare=False, repr=False)
    # the figures' integers × 10^6 (storage/codec.py `num`), filled by the canonical read
    # of a package alone (`_read_canonical`): every figure of `values` or none, each the
    # exact scaled value of its Decimal as read; the checks and the storage take them
    # instead of looking at the Decimal.  Whoever changes a figure of `values` after the
    # read drops its integer (marks.set_mark); a key without one goes the Decimal route.
    scaled: dict[Key, int] = field(default_factory=dict, compare=False, repr=False)

    def number(self, indicator: str, measure: str) -> Decimal | None:
        v = self.values.get((indicator, measure))
        return v if isinstance(v, Decimal) else None

    def to_file(self) -> SubmissionFile:
        from desktop.core.numbers import to_plain
        from desktop.core.submission_schema import MarkFile, SubmissionFile

        values: dict[str, dict[str, RawValue]] = {}
        for (ind, mea), v in self.values.items():
            values.setdefault(ind, {})[mea] = to_plain(v) if isinstance(v, Decimal) else v
        comments: dict[str, dict[str, str]] = {}
        for (ind, mea), c in self.comments.items():
            comments.setdefault(ind, {})[mea] = c
        return SubmissionFile(
            format=FORMAT,
            form=self.form_id,
            form_version=self.form_version,
            unit=self.unit,
            period=self.period,
            author=self.author,
            values=values,
            comments=comments,
            narratives=dict(self.narratives),
            marks={k: MarkFile(mark=m.kind, reason=m.reason) for k, m in self.marks.items()},  # type: ignore[arg-type]
            data_cutoff=dt.date.fromisoformat(self.data_cutoff) if self.data_cutoff else None,
        )


def read_submission_file(path: Path) -> SubmissionData | SubmissionFile:
    """Read and structurally check a JSON submission; raise InputFileError (exit 2)."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError:
        raise InputFileError(f"Không tìm thấy tệp «{path}».", code="khong_tim_thay_tep") from None
    if path.is_dir():
        raise InputFileError(f"«{path}» là thư mục, không phải tệp số liệu JSON.", code="thu_muc")
    if size > MAX_FILE_BYTES:
        raise InputFileError(f"Tệp «{path.name}» quá lớn ({size:,} byte); tối đa 20 MB.")
    try:
        data = path.read_bytes()
    except OSError as exc:
        why = f": {exc.strerror}" if exc.strerror else ""
        raise InputFileError(f"Không đọc được tệp «{path}»{why}.", code="khong_doc_duoc") from None
    if not data.strip():
        raise InputFileError(f"Tệp «{path.name}» rỗng: không có số liệu nào.", code="tep_rong")
    kind = _office_kind(data)
    if kind:
        sheet = kind in SHEET_KINDS or path.suffix.lower() in SHEET_SUFFIXES  # a template
        advice = SHEET_ADVICE if sheet else ""  # filled, then saved another way
        raise InputFileError(
            f"Tệp «{path.name}» không phải tệp số liệu JSON của BaoCao (có vẻ là {kind}).{advice}",
            code="khong_phai_json",
        )
    try:
        raw = canonical.loads(data, allow_bom=True)
    except canonical.JsonRefused as exc:
        raise InputFileError(f"Tệp «{path.name}»: {exc.args[0]}.") from None
    return submission_from_json(raw, path.name)


SHEET_KINDS = ("tệp Excel", "tệp LibreOffice Calc (.ods)")
SHEET_SUFFIXES = (".xls", ".ods", ".xlsx", ".xlsm")
SHEET_ADVICE = (
    " Biểu mẫu Excel của BaoCao chỉ đọc được ở dạng .xlsx: hãy mở tệp và lưu lại dạng "
    "«Excel Workbook (*.xlsx)»."
)


def _office_kind(data: bytes) -> str | None:
    """«tệp Word» …: what a file that is not JSON seems to be, from its first bytes."""
    if data.startswith(b"%PDF"):
        return "tệp PDF"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "tệp Word/Excel đời cũ (.doc/.xls)"
    opendocument = b"mimetypeapplication/vnd.oasis.opendocument."
    if data.startswith(b"PK\x03\x04") and opendocument in data[:200]:  # its first entry
        rest = data[data.index(opendocument) + len(opendocument) :]
        return SHEET_KINDS[1] if rest.startswith(b"spreadsheet") else "tệp LibreOffice"
    if not data.startswith(b"PK\x03\x04"):
        return None
    import io
    import zipfile

    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        names = []
    for prefix, kind in (("word/", "tệp Word"), ("xl/", "tệp Excel")):
        if any(n.startswith(prefix) for n in names):
            return kind
    return "tệp nén ZIP"


def submission_from_json(raw: object, filename: str) -> SubmissionData | SubmissionFile:
    """The file's fields: read strictly when they are exactly as the format says, else
    checked by the format's pydantic model (its conversions, its Vietnamese messages)."""
    try:
        return dataspec.build(SubmissionData, raw)
    except dataspec.Rejected:
        pass
    from pydantic import ValidationError

    from desktop.core.submission_schema import SubmissionFile

    try:
        return SubmissionFile.model_validate(raw)
    except ValidationError as exc:
        lines = []
        for err in exc.errors()[:20]:
            where = ".".join(str(p) for p in err["loc"]) or "(gốc)"
            lines.append(f"  - trường «{where}»: {vn_validation_message(err)}")
        raise InputFileError(
            f"Tệp «{filename}» không đúng định dạng bài nộp {FORMAT}:\n" + "\n".join(lines),
            code="sai_dinh_dang",
        ) from None


@record
class _Rows:
    """What reading values needs of a form, made once per form object (a package import
    reads hundreds of submissions of the same few forms)."""

    by_code: dict  # indicator code → (indicator, is a text row, the row's measures)
    columns: dict[str, frozenset[str]]  # code → the columns where it holds a figure
    # the last rows and columns of figures read canonically, with their keys (one slot:
    # the packages of one form from many units mostly fill the same cells)
    seen: list = field(default_factory=list)


_ROWS: dict[int, tuple[object, _Rows]] = {}  # id(form) → (form, its rows)


def _rows_of(form) -> _Rows:
    cached = _ROWS.get(id(form))
    if cached is not None and cached[0] is form:
        return cached[1]
    by_code = {
        ind.code: (ind, ind.kind == "text", form.measures_of(ind)) for ind in form.iter_indicators()
    }
    columns = {
        code: frozenset() if text else frozenset(own) for code, (_, text, own) in by_code.items()
    }
    if len(_ROWS) > 256:  # packs loaded again and again (tests): keep the cache small
        _ROWS.clear()
    rows = _Rows(by_code, columns)
    _ROWS[id(form)] = (form, rows)
    return rows


def _read_canonical(raw: dict, rows: _Rows, values: dict, scaled: dict) -> bool:
    """All of a package's figures at once when every one is known and canonical (the
    usual case: BaoCao wrote them): True and `values` filled, and `scaled` with their
    integers when every one has one (canonical.read_all_scaled); False, nothing changed, when
    any row, column or text needs a look (then read value by value, with the issues).
    Every row is known and each row's columns are among those where it holds figures:
    one comparison per row, made at C speed (the row's own columns ⊇ the row, which reads
    the row's keys without making a view of them) — or none, when the rows and columns are
    those of the form's last package, whose keys are then taken again (`_Rows.seen`)."""
    inner = list(raw.values())
    shape = (list(raw), list(map(len, inner)), list(chain.from_iterable(inner)))
    last = rows.seen[0] if rows.seen else None  # (one tuple, replaced whole: thread-safe)
    if last is not None and last[0] == shape:  # the same cells: known, their keys made
        keys = last[1]
    else:
        columns = rows.columns
        if not (
            raw.keys() <= columns.keys()
            and all(map(frozenset.issuperset, map(columns.__getitem__, raw), inner))
        ):
            return False  # (a row with no value at all is known too)
        keys = [(code, mea) for code, row in raw.items() for mea in row]
        rows.seen[:] = [(shape, keys)]
    both = canonical.read_all_scaled(list(chain.from_iterable(map(dict.values, inner))))
    if both is None:
        return False
    values.update(zip(keys, both[0], strict=True))
    if both[1] is not None:
        scaled.update(zip(keys, both[1], strict=True))
    return True


def _absent(
    whole, ind, mea: str, allowed: list[str], period: str, where: Location, catalog=None
) -> Issue:
    """A figure in a column the row does not have: a column of the form kept for other
    periods (refused: a figure nobody asks for in this period would be stored unseen and
    summed by no one), or no column of the row at all.  Columns are named by their heading
    as the grid and the Excel template show it (`catalog`; codes without one)."""

    def head(code: str) -> str:
        md = catalog.measure(code) if catalog is not None else None
        return code if md is None else md.short

    def named(code: str) -> str:
        md = catalog.measure(code) if catalog is not None else None
        if md is None or md.label == md.short:
            return f"«{head(code)}»"
        return f"«{md.label}» ({md.short})"

    heads = ", ".join(map(head, allowed))
    if mea in whole.measures_of(ind) and not whole.in_period_type(mea, _period(period).type):
        return Issue(
            severity=Severity.ERROR,
            code="so_do_khong_co_trong_ky",
            message=f"Chỉ tiêu «{ind.label}»: cột {named(mea)} chỉ có ở "
            f"{periods_phrase(whole, mea)}, không có ở {_period(period).label}; các cột của kỳ "
            f"này: {heads}.",
            location=where,
        )
    return Issue(
        severity=Severity.ERROR,
        code="so_do_khong_co",
        message=f"Chỉ tiêu «{ind.label}» không có cột {named(mea)}; các cột: {heads}.",
        location=where,
    )


def _period(period: str):
    from desktop.core.periods import Period

    return Period.parse(period)


def parse_submission(
    sf: SubmissionData | SubmissionFile,
    form,
    *,
    filename: str | None = None,
    canonical_numbers: bool = False,
    catalog=None,
) -> tuple[Submission, list[Issue]]:
    """Convert raw values to Decimal/text using the form's value kinds.

    Values a person wrote go through the clerk-text parser; with `canonical_numbers` (a
    package BaoCao wrote itself) every figure must be canonical text, read by the strict
    reader (`144.505` is 144.505 there, never 144505), and nothing is "understood".

    Returns the submission (unparseable values left out) and the issues: unknown codes,
    values that are not numbers (errors) and ambiguous texts (info notes).  With the
    pack's `catalog` a column is named in a message by its heading, not its code.
    """
    issues: list[Issue] = []
    sub = Submission(
        form_id=sf.form,
        form_version=sf.form_version,
        unit=sf.unit,
        period=sf.period,
        author=sf.author,
        narratives={k: v for k, v in sf.narratives.items()},
        data_cutoff=sf.data_cutoff.isoformat() if sf.data_cutoff else None,
    )
    whole, form = form, form_for_period(form, sf.period)  # the period's columns only
    rows = _rows_of(form)
    values = sub.values
    read = canonical.read

    def loc(
        ind: str | None = None, mea: str | None = None, narrative: str | None = None
    ) -> Location:
        return Location(
            file=filename, form=form.id, indicator=ind, measure=mea, narrative=narrative
        )

    done = canonical_numbers and _read_canonical(sf.values, rows, values, sub.scaled)
    for ind_code, measures in {} if done else sf.values.items():
        row = rows.by_code.get(ind_code)
        if row is None:
            issues.append(
                Issue(
                    severity=Severity.ERROR,
                    code="chi_tieu_khong_co",
                    message=f"{form.bieu_so} «{form.title}» không có chỉ tiêu mã «{ind_code}».",
                    location=loc(ind_code),
                )
            )
            continue
        ind, is_text, allowed = row
        for mea, raw in measures.items():
            if mea not in allowed:
                issues.append(
                    _absent(whole, ind, mea, allowed, sf.period, loc(ind_code, mea), catalog)
                )
                continue
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            if is_text:
                values[(ind_code, mea)] = str(raw).strip()
                continue
            try:
                if canonical_numbers:
                    values[(ind_code, mea)] = read(raw)
                    continue
                parsed = parse_number(raw)  # type: ignore[arg-type]
            except NumberFormatError as exc:
                issues.append(
                    Issue(
                        severity=Severity.ERROR,
                        code="khong_phai_so",
                        message=f"«{ind.label}»: {exc.args[0]}",
                        location=loc(ind_code, mea),
                    )
                )
                continue
            values[(ind_code, mea)] = parsed.value
            if parsed.note and parsed.ambiguous:
                sub.notes.append(
                    Issue(
                        severity=Severity.INFO,
                        code="so_da_hieu",
                        message=parsed.note,
                        location=loc(ind_code, mea),
                    )
                )
    for ind_code, measures in sf.comments.items():
        for mea, text in measures.items():
            if ind_code not in rows.by_code:
                issues.append(
                    Issue(
                        severity=Severity.ERROR,
                        code="chi_tieu_khong_co",
                        message=f"Giải trình cho chỉ tiêu không có trong biểu: «{ind_code}».",
                        location=loc(ind_code, mea),
                    )
                )
            elif text.strip():
                sub.comments[(ind_code, mea)] = text.strip()
    if sf.marks:  # (no marks: nothing to read or apply)
        issues.extend(read_marks(sf.marks, form, sub, loc))
    known = {n.code for n in form.narratives}
    for code in sf.narratives:
        if code not in known:
            issues.append(
                Issue(
                    severity=Severity.ERROR,
                    code="thuyet_minh_khong_co",
                    message=f"{form.bieu_so} «{form.title}» không có phần thuyết minh «{code}»; các phần: "
                    + ", ".join(f"«{n.title}»" for n in form.narratives)
                    + ".",
                    location=loc(narrative=code),
                )
            )
    return sub, issues + sub.notes
