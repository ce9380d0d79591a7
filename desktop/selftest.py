"""Self-test of an installation: `baocao selftest [--out FILE]`, or `BaoCao.exe --selftest
[FILE]` in the installed (frozen) app.

Runs the whole chain once on throw-away data — form pack, a fresh database, a validated
submission, a signed package exported and imported into a second database, consolidation,
the Excel workbook read back, the main window opened and closed — and prints one line per
step, "[OK] …" or "[LỖI] …", with its timing.  Everything happens in a temporary folder, with
`BAOCAO_DATA_DIR` pointed there for the duration: the user's data is never read or touched.

Exit code 0 only when every step passed.  Support staff ask an office for the result file;
CI runs the same thing against the frozen bundle.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from desktop import __version__

FORM, UNIT, PERIOD = "ngan_sach", "178", "2023-H1"
THU, CHI = Decimal("209435"), Decimal("323115")
ACTOR = "Tự kiểm tra"
DEFAULT_RESULT_NAME = "baocao-selftest.txt"


class StepFailed(Exception):
    """A check inside a step did not hold; the message is Vietnamese, for people."""


@dataclass
class StepResult:
    """One step of the self-test: passed or not, what it said, how long it took."""
    title: str
    ok: bool
    detail: str
    seconds: float
    trace: str = ""

    def line(self) -> str:
        tag = "[OK]" if self.ok else "[LỖI]"
        secs = f"{self.seconds:.2f}".replace(".", ",")
        return f"{tag} {self.title}: {self.detail} ({secs} giây)"


@dataclass
class _Run:
    """What the steps hand to one another."""

    root: Path
    unit: object = None  # Services of the unit clerk's temporary installation
    province: object = None  # Services of the provincial office's temporary installation
    package: Path | None = None
    result: object = None  # ConsolidationResult
    done: set[str] = field(default_factory=set)


def _services(root: Path):
    from desktop.core.services import Services

    svc = Services(db_path=root / "baocao.db")
    svc.key_dir = root / "keys"
    return svc


# ---------------------------------------------------------------- steps


def step_environment(run: _Run) -> str:
    frozen = "bản cài đặt (đóng gói)" if getattr(sys, "frozen", False) else "mã nguồn"
    return (
        f"BaoCao {__version__}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}, {frozen}"
    )


def step_forms(run: _Run) -> str:
    from desktop import paths
    from desktop.core.formdef.loader import check_pack
    from desktop.core.units import UnitCatalog

    directory = paths.forms_dir()
    pack, issues = check_pack(directory)
    errors = [i for i in issues if i.is_error]
    if errors or pack is None:
        first = "; ".join(i.render() for i in errors[:3])
        raise StepFailed(f"bộ biểu mẫu ở {directory} có {len(errors)} lỗi: {first}")
    if FORM not in pack.forms:
        raise StepFailed(f"bộ biểu mẫu ở {directory} không có biểu «{FORM}»")
    units = UnitCatalog.load(paths.units_catalog_path())
    return (
        f"{len(pack.forms)} biểu, {pack.indicator_count} chỉ tiêu, "
        f"{len(units.all())} đơn vị trong danh mục"
    )


def step_database(run: _Run) -> str:
    run.unit = _services(run.root / "don_vi")
    run.unit.db  # noqa: B018 — opening runs the migrations
    if not run.unit.db_path.exists():
        raise StepFailed(f"không tạo được tệp {run.unit.db_path}")
    return f"đã tạo cơ sở dữ liệu tạm {run.unit.db_path.name}"


def step_entry(run: _Run) -> str:
    from desktop.core.submission import Submission

    svc = run.unit
    form = svc.pack.get(FORM)
    sub = Submission(
        FORM,
        form.version,
        UNIT,
        PERIOD,
        values={("NS_THU", "th_ky"): THU, ("NS_CHI", "th_ky"): CHI},
        author=ACTOR,
    )
    report = svc.validate(sub)
    if not report.ok:
        raise StepFailed(
            "số liệu mẫu bị từ chối: " + "; ".join(i.render(svc.pack) for i in report.issues)
        )
    stored = svc.save_entry(report, final=True, actor=ACTOR)
    if stored.status != "final":
        raise StepFailed(f"bài nộp ở trạng thái «{stored.status}», không phải «final»")
    return f"biểu {FORM}, đơn vị {UNIT}, kỳ {PERIOD}: hợp lệ, đã lưu và hoàn thành"


def step_exchange(run: _Run) -> str:
    from desktop.core.exchange.service import export_package, import_packages

    outbox = run.root / "hop_thu_di"
    outbox.mkdir()
    run.package, _ = export_package(
        run.unit, unit_code=UNIT, period_text=PERIOD, form_ids=[FORM], out=outbox
    )
    run.province = _services(run.root / "tinh")
    from desktop.core.exchange.signing import SigningKey
    from desktop.core.periods import Period
    from desktop.core.trust.enrolment import accept_key

    fp = SigningKey.load_or_create(run.unit.key_dir).fingerprint  # the officer enrols the key
    unit = run.province.units.for_period(UNIT, Period.parse(PERIOD))
    accept_key(run.province, unit, fp, actor=ACTOR)
    [result] = import_packages(run.province, [run.package], actor=ACTOR)
    if result.outcome != "new":
        raise StepFailed(f"nhập gói «{run.package.name}»: {result.outcome} — {result.message}")
    return f"đã xuất gói {run.package.name} và nhập vào cơ sở dữ liệu thứ hai (mới)"


def step_consolidate(run: _Run) -> str:
    from desktop.core.consolidation.engine import consolidate_period

    run.result = consolidate_period(run.province, PERIOD, form_ids=[FORM])
    [cf] = run.result.forms
    total = next(
        (r.values.get("th_ky") for r in cf.rows if r.indicator and r.indicator.code == "NS_THU"),
        None,
    )
    if total != THU:
        raise StepFailed(f"tổng thu ngân sách là {total}, phải là {THU}")
    return f"tổng thu ngân sách {total} từ {len(cf.reported)}/{len(cf.expected)} đơn vị"


def step_excel(run: _Run) -> str:
    import openpyxl

    from desktop.core.excel.workbook import write_consolidated_workbook

    path = write_consolidated_workbook(
        run.result, run.province.pack.catalog, run.root / "tong_hop.xlsx"
    )
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        found = [
            ws.title
            for ws in wb.worksheets
            if any(v == THU for row in ws.iter_rows(values_only=True) for v in row)
        ]
        n_sheets = len(wb.sheetnames)
    finally:
        wb.close()
    if not found:
        raise StepFailed(f"không thấy số {THU} trong tệp {path.name}")
    return f"{path.name}: {n_sheets} trang tính, số {THU} có ở «{found[0]}»"


def _native_platform_plugin(library_paths: list[str]) -> str | None:
    """The platform plugin a real desktop needs, if the bundle ships it."""
    stem = {"win32": "qwindows", "darwin": "qcocoa"}.get(sys.platform, "qxcb")
    for base in library_paths:
        folder = Path(base) / "platforms"
        if folder.is_dir():
            for f in folder.iterdir():
                if stem in f.name:
                    return f.name
    return None


def step_gui(run: _Run) -> str:
    if (
        sys.platform.startswith("linux")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.core.settings import Role, Settings
    from desktop.gui.app import make_application
    from desktop.gui.main_window import MainWindow

    app = make_application([sys.argv[0] if sys.argv else "BaoCao"])
    if app.windowIcon().isNull():
        raise StepFailed("không nạp được biểu tượng resources/icons/baocao.png")
    native = _native_platform_plugin(app.libraryPaths())
    if native is None:
        raise StepFailed(
            "bản cài đặt thiếu trình cắm nền tảng Qt cho hệ điều hành này "
            f"(tìm trong {', '.join(app.libraryPaths())})"
        )
    settings = Settings(
        role=Role.UNIT,
        unit_code=UNIT,
        unit_name="Thành phố Lạng Sơn",
        person_name=ACTOR,
    )
    window = MainWindow(run.unit, settings)
    window.show()
    from desktop.gui.widgets.charts import ChartPanel  # QtCharts is bundled and loads

    ChartPanel("", "bieu_do.png", window).show()
    app.processEvents()
    shown = window.isVisible()
    window.close()
    app.processEvents()
    window.deleteLater()
    app.processEvents()
    if not shown:
        raise StepFailed("cửa sổ chính không hiện ra")
    return f"đã mở và đóng cửa sổ chính (nền tảng {app.platformName()}, có {native})"


STEPS: list[tuple[str, str, Callable[[_Run], str], tuple[str, ...]]] = [
    ("env", "Môi trường", step_environment, ()),
    ("forms", "Bộ biểu mẫu", step_forms, ()),
    ("db", "Cơ sở dữ liệu tạm", step_database, ()),
    ("entry", "Nhập và kiểm tra số liệu", step_entry, ("forms", "db")),
    ("exchange", "Xuất và nhập gói số liệu", step_exchange, ("entry",)),
    ("consolidate", "Tổng hợp", step_consolidate, ("exchange",)),
    ("excel", "Ghi và đọc lại tệp Excel", step_excel, ("consolidate",)),
    ("gui", "Cửa sổ chính", step_gui, ("forms", "db")),
]


# ---------------------------------------------------------------- running


def run_selftest(progress: Callable[[StepResult], None] | None = None) -> list[StepResult]:
    """Run every step on throw-away data; `progress` gets each result as it comes."""
    results: list[StepResult] = []
    saved = os.environ.get("BAOCAO_DATA_DIR")
    with tempfile.TemporaryDirectory(prefix="baocao-selftest-", ignore_cleanup_errors=True) as tmp:
        root = Path(tmp)
        os.environ["BAOCAO_DATA_DIR"] = str(root / "du_lieu")
        run = _Run(root=root)
        try:
            for key, title, fn, needs in STEPS:
                start = time.perf_counter()
                missing = [n for n in needs if n not in run.done]
                if missing:
                    titles = ", ".join(f"«{t}»" for k, t, _, _ in STEPS if k in missing)
                    res = StepResult(title, False, f"không chạy vì bước {titles} bị lỗi", 0.0)
                else:
                    try:
                        detail = fn(run)
                        res = StepResult(title, True, detail, time.perf_counter() - start)
                        run.done.add(key)
                    except Exception as exc:  # every failure is reported, never raised
                        message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
                        trace = ""
                        if not isinstance(exc, StepFailed):  # unexpected: keep the details
                            message = f"{type(exc).__name__}: {message}"
                            trace = traceback.format_exc()
                        res = StepResult(title, False, message, time.perf_counter() - start, trace)
                results.append(res)
                if progress:
                    progress(res)
        finally:
            for svc in (run.unit, run.province):
                if svc is not None:
                    svc.close()
            if saved is None:
                os.environ.pop("BAOCAO_DATA_DIR", None)
            else:
                os.environ["BAOCAO_DATA_DIR"] = saved
    return results


def summary(results: list[StepResult]) -> str:
    total = sum(r.seconds for r in results)
    secs = f"{total:.2f}".replace(".", ",")
    failed = [r for r in results if not r.ok]
    if failed:
        return f"[LỖI] Tự kiểm tra: {len(failed)}/{len(results)} bước bị lỗi ({secs} giây)"
    return f"[OK] Tự kiểm tra: {len(results)}/{len(results)} bước đạt ({secs} giây)"


def report_lines(results: list[StepResult]) -> list[str]:
    """The result file: one line per step, the summary, then the details of failures."""
    lines = [r.line() for r in results] + [summary(results)]
    for r in results:
        if r.trace:
            lines += ["", f"Chi tiết lỗi ở bước «{r.title}»:", r.trace.rstrip()]
    return lines


def run_and_report(out: Path | None = None) -> int:
    """Run, print each line as it comes (when there is a console) and write `out`.

    The file is written step by step: if a step takes the process down (a Qt plugin that
    aborts), the file still shows how far it got — and has no summary line."""
    console = sys.stdout is not None
    if out is None and not console:  # windowed app without a console: keep the result
        out = Path(tempfile.gettempdir()) / DEFAULT_RESULT_NAME
    fh = None
    if out is not None:
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        fh = out.open("w", encoding="utf-8")

    def emit(text: str) -> None:
        if console:
            print(text, flush=True)
        if fh is not None:
            fh.write(text + "\n")
            fh.flush()

    try:
        results = run_selftest(lambda res: emit(res.line()))
        emit("\n".join(report_lines(results)[len(results) :]))
    finally:
        if fh is not None:
            fh.close()
    return 0 if all(r.ok for r in results) else 1


def main(argv: list[str]) -> int:
    """`--selftest [FILE]` as the app's first argument: argv is what follows it."""
    return run_and_report(Path(argv[0]) if argv else None)
