"""The `Issue` value: one problem found in user data (or in a form definition), and where.

Frozen dataclasses (`dataspec.py`): our own code makes every issue, so nothing needs
pydantic here, and a command that reports issues does not load it.  `desktop.core.errors`
also offers `Issue`, `Location` and `has_errors`.
"""

from __future__ import annotations

from dataclasses import field

from desktop.core.dataspec import Model
from desktop.core.errors import Severity
from desktop.core.record import record


@record(kw_only=True)
class Location(Model):
    """Where an issue is: a form/indicator/measure, and/or a file/sheet/cell."""

    form: str | None = None
    indicator: str | None = None
    measure: str | None = None
    narrative: str | None = None
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    field: str | None = None

    def names(self, pack=None, *, short: bool = False) -> dict[str, str]:
        """Each part of the place by the name a clerk reads: the form by its number («Biểu
        số 05»), the indicator and the narrative part by their titles, the measure by its
        column heading (`short`: as the entry grid's header shows it), all from `pack` (the
        form pack); a code only where the pack has no name for it (or no pack is given: form
        authors checking a pack read codes)."""
        form = pack.forms.get(self.form) if pack is not None and self.form else None
        ind = form.indicator_map().get(self.indicator) if form and self.indicator else None
        measure = pack.catalog.measure(self.measure) if pack is not None and self.measure else None
        narrative = (
            next((n for n in form.narratives if n.code == self.narrative), None) if form else None
        )
        named = {
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "form": form.bieu_so if form else self.form,
            "indicator": ind.label if ind else self.indicator,
            "measure": (measure.short if short else measure.label) if measure else self.measure,
            "narrative": narrative.title if narrative else self.narrative,
            "field": self.field,
        }
        return {k: v for k, v in named.items() if v}

    def describe(self, pack=None, *, skip: tuple[str, ...] = ()) -> str:
        """«tệp …, trang tính «…», ô …, biểu số 05, chỉ tiêu «…», cột «…»»: names from `pack`
        where it has them (see `names`); `skip` leaves out parts the reader already has."""
        named = self.names(pack)
        codes = {
            "form": self.form,
            "indicator": self.indicator,
            "measure": self.measure,
            "narrative": self.narrative,
        }
        parts = []
        for key, word in WORDS:
            if key not in named or key in skip:
                continue
            text = named[key]
            if key == "form" and text != self.form:
                parts.append(text[:1].lower() + text[1:])  # «Biểu số 05» → «biểu số 05»
            elif key == "sheet" or (key in codes and text != codes[key]):
                parts.append(f"{word} «{text}»")  # a name is quoted, a bare code is not
            else:
                parts.append(f"{word} {text}")
        return ", ".join(parts)


WORDS = (
    ("file", "tệp"),
    ("sheet", "trang tính"),
    ("cell", "ô"),
    ("form", "biểu"),
    ("indicator", "chỉ tiêu"),
    ("measure", "cột"),
    ("narrative", "phần thuyết minh"),
    ("field", "trường"),
)


@record(kw_only=True)
class Issue(Model):
    """One problem found in user data (or in a form definition)."""

    severity: Severity
    code: str
    message: str
    location: Location = field(default_factory=Location)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def render(self, pack=None) -> str:
        """One line: severity, code, message and where (by names when `pack` is given)."""
        where = self.location.describe(pack)
        return f"[{self.severity.label}] {self.code}: {self.message}" + (
            f" ({where})" if where else ""
        )


def has_errors(issues: list[Issue]) -> bool:
    return any(i.severity is Severity.ERROR for i in issues)


def naming_pack(exc: BaseException, load_pack):
    """The form pack that names `exc`'s issues for a clerk (`Issue.render(pack)`: «biểu số
    05», chỉ tiêu «Tổng thu …»), from `load_pack()`; None when there are no issues, when
    the pack is itself what failed (a form author reads its problems by their codes) or
    cannot be read (the issues keep their codes rather than a second failure)."""
    from desktop.core.errors import FormDefinitionError

    if not getattr(exc, "issues", None) or isinstance(exc, FormDefinitionError):
        return None
    try:
        return load_pack()
    except Exception:  # noqa: BLE001 — already reporting a failure: never a second one
        return None
