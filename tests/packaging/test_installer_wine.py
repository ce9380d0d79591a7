"""The Windows installer, run: a per-user install, the upgrade, and both uninstalls, under Wine.

Debian's wine64 runs the 64-bit NSIS installer (the same script, the same sections and
registry writes as on Windows) in a fresh prefix made for this module.  The payload is our
Linux bundle staged with Windows names (it cannot itself run under Wine): what is proven here
is the installer's behaviour — where files go, what is written to the registry, what the
uninstaller removes and what it keeps.  The frozen app itself needs a real Windows run
(docs/packaging.md).

Each test prints what it read back (registry keys and values, files) so a CI log shows it."""

from __future__ import annotations

import atexit
import getpass
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.packaging.conftest import EXECUTABLES, VERSION, job, makensis

pytestmark = pytest.mark.slow

APP_KEY = r"Software\Microsoft\Windows\CurrentVersion\Uninstall\BaoCao"
PROGID = "BaoCao.Package"
USER_DATA = ("baocao.db", "keys/ed25519.pem", "settings.json", "logs/baocao.log", "ghi-chu.txt")


def _wine64() -> str | None:
    for candidate in (shutil.which("wine64"), "/usr/lib/wine/wine64"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


class Wine:
    """A Wine prefix of our own: run Windows programs in it, read its registry back."""

    def __init__(self, root: Path, wine64: str) -> None:
        self.root = root
        self.prefix = root / "prefix"
        self.wine64 = wine64
        server = Path(wine64).with_name("wineserver")
        self.wineserver = str(server) if server.exists() else (shutil.which("wineserver") or "")
        (root / "home").mkdir(parents=True, exist_ok=True)
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(root / "home"),
            "USER": getpass.getuser(),
            "WINEPREFIX": str(self.prefix),
            "WINEDEBUG": "-all",
            # no desktop menu entries in the test's HOME, no Mono/Gecko download prompts
            "WINEDLLOVERRIDES": "winemenubuilder.exe=d;mscoree=;mshtml=",
            "LANG": "C.UTF-8",
        }

    def run(self, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
        r = subprocess.run(
            [self.wine64, *args], env=self.env, capture_output=True, text=True, timeout=timeout
        )
        self.wait()
        return r

    def wait(self) -> None:
        """Until every process of the prefix has ended and the registry is saved."""
        if self.wineserver:
            subprocess.run([self.wineserver, "-w"], env=self.env, timeout=300)

    @property
    def user_dir(self) -> Path:
        users = self.prefix / "drive_c" / "users"
        return next(p for p in users.iterdir() if p.name.lower() != "public")

    @property
    def local_appdata(self) -> Path:
        return self.user_dir / "AppData" / "Local"

    @property
    def program_dir(self) -> Path:
        return self.local_appdata / "Programs" / "BaoCao"

    @property
    def data_dir(self) -> Path:
        return self.local_appdata / "BaoCao"

    def windows_path(self, path: Path) -> str:
        rel = path.relative_to(self.prefix / "drive_c")
        return "C:\\" + "\\".join(rel.parts)

    def registry(self, hive: str) -> dict[str, dict[str, str]]:
        """Wine's registry file (user.reg = HKCU, system.reg = HKLM) as key → {name: value}."""
        keys: dict[str, dict[str, str]] = {}
        current: dict[str, str] | None = None
        text = (self.prefix / hive).read_text(encoding="utf-8", errors="replace")
        for line in text.splitlines():
            head = re.match(r"^\[(.+?)\](?: \d+)?$", line)
            if head:
                current = keys.setdefault(head.group(1).replace("\\\\", "\\"), {})
                continue
            value = re.match(r'^(@|"(?:[^"\\]|\\.)*")=(.*)$', line)
            if value and current is not None:
                name = "" if value.group(1) == "@" else _unquote(value.group(1))
                current[name] = _unquote(value.group(2))
        return keys


def _unquote(text: str) -> str:
    """A value as Wine writes it: quotes, \\ and \" escaped, other letters as \\xNNNN."""
    if not (text.startswith('"') and text.endswith('"')):
        return text
    return re.sub(
        r"\\(x[0-9a-fA-F]{1,4}|.)",
        lambda m: (
            chr(int(m.group(1)[1:], 16))
            if m.group(1)[0] == "x" and len(m.group(1)) > 1
            else m.group(1)
        ),
        text[1:-1],
    )


def _files(root: Path) -> set[str]:
    if not root.exists():
        return set()
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def _new_prefix() -> Wine:
    w = Wine(Path(tempfile.mkdtemp(prefix="baocao-tests-wine-")), _wine64())
    atexit.register(shutil.rmtree, w.root, True)
    w.run("wineboot", "--init")
    w.run("winecfg", "/v", "win10")  # the installer refuses anything older than Windows 10
    return w


def start_prefix() -> None:
    """Make the prefix in the background (conftest.job), once the tests are collected."""
    if _wine64() is not None:
        job("wine", _new_prefix)


@pytest.fixture(scope="module")
def wine() -> Wine:
    exe = _wine64()
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("wine64 is missing: .ci/run installs Debian's wine")
        pytest.skip("wine is not installed (Debian package wine)")
    w = job("wine", _new_prefix).result()
    version = w.registry("system.reg")[r"Software\Microsoft\Windows NT\CurrentVersion"]
    assert version.get("ProductName") == "Microsoft Windows 10", version
    return w


@pytest.fixture(scope="module")
def setup_exe(installer) -> Path:
    out, r = installer
    assert r.returncode == 0, r.stdout + r.stderr
    return out


def put_user_data(w: Wine) -> set[str]:
    """What a user's installation leaves in %LOCALAPPDATA%\\BaoCao, and a file of the test's."""
    for rel in USER_DATA:
        path = w.data_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"dữ liệu của người dùng: {rel}\n", encoding="utf-8")
    return _files(w.data_dir)


def install(w: Wine, setup: Path) -> None:
    r = w.run(str(setup), "/S")
    assert r.returncode == 0, r.stdout + r.stderr
    assert (w.program_dir / "BaoCao.exe").exists(), sorted(_files(w.local_appdata))[:20]


def uninstall(w: Wine, *options: str) -> None:
    r = w.run(w.windows_path(w.program_dir / "Uninstall.exe"), "/S", *options)
    assert r.returncode == 0, r.stdout + r.stderr


def shortcuts(w: Wine) -> dict[str, Path]:
    start = w.user_dir / "AppData/Roaming/Microsoft/Windows/Start Menu/Programs/BaoCao.lnk"
    return {"Start menu": start, "Desktop": w.user_dir / "Desktop" / "BaoCao.lnk"}


def test_per_user_install_writes_only_the_users_places(wine, setup_exe, bundle):
    if wine.program_dir.exists():
        uninstall(wine)
    hklm_before = wine.registry("system.reg")
    program_files = [wine.prefix / "drive_c" / d for d in ("Program Files", "Program Files (x86)")]
    pf_before = {str(d): _files(d) for d in program_files}

    install(wine, setup_exe)

    installed = _files(wine.program_dir)
    print(f"[wine] {len(installed)} tệp trong {wine.windows_path(wine.program_dir)}:")
    for name in ("BaoCao.exe", "baocao-cli.exe", "Uninstall.exe"):
        print(f"[wine]   {name} ({(wine.program_dir / name).stat().st_size} B)")
    assert {"BaoCao.exe", "baocao-cli.exe", "Uninstall.exe"} <= installed
    assert "_internal/forms/_catalog.yaml" in installed
    assert "_internal/resources/units/lang_son.json" in installed
    bundled = {f"{p}.exe" if p in EXECUTABLES else p for p in _files(bundle)}
    assert bundled <= installed  # every file of the bundle arrived

    hkcu = wine.registry("user.reg")
    entry = hkcu[APP_KEY]
    print(f"[wine] HKCU\\{APP_KEY}")
    for name in sorted(entry):
        print(f"[wine]   {name} = {entry[name]}")
    exe = wine.windows_path(wine.program_dir / "BaoCao.exe")
    uninstaller = wine.windows_path(wine.program_dir / "Uninstall.exe")
    assert entry["DisplayName"] == "BaoCao"
    assert entry["DisplayVersion"] == VERSION
    assert entry["Publisher"] == "BaoCao"
    assert entry["UninstallString"] == f'"{uninstaller}"'
    assert entry["QuietUninstallString"] == f'"{uninstaller}" /S'
    assert entry["InstallLocation"] == wine.windows_path(wine.program_dir)
    size_kb = int(entry["EstimatedSize"].removeprefix("dword:"), 16)
    actual_kb = sum((wine.program_dir / f).stat().st_size for f in installed) // 1024
    assert 0.9 * actual_kb <= size_kb <= 1.1 * actual_kb, (size_kb, actual_kb)

    assoc = hkcu[r"Software\Classes\.baocao"]
    command = hkcu[rf"Software\Classes\{PROGID}\shell\open\command"]
    print(f"[wine] HKCU\\Software\\Classes\\.baocao = {assoc['']}")
    print(f"[wine] HKCU\\Software\\Classes\\{PROGID}\\shell\\open\\command = {command['']}")
    assert assoc[""] == PROGID
    assert hkcu[rf"Software\Classes\{PROGID}"][""] == "Gói số liệu BaoCao"
    assert command[""] == f'"{exe}" "%1"'

    for where, link in shortcuts(wine).items():
        print(f"[wine] lối tắt {where}: {link.relative_to(wine.prefix)} ({link.stat().st_size} B)")
        assert link.is_file(), where

    # nothing machine-wide: no HKLM key of ours, no file under Program Files
    new_hklm = [k for k in wine.registry("system.reg") if k not in hklm_before]
    print(f"[wine] khóa HKLM mới sau khi cài: {new_hklm}")
    machine_wide = ("baocao", r"software\classes", r"currentversion\uninstall")
    assert not [k for k in new_hklm if any(m in k.lower() for m in machine_wide)], new_hklm
    assert {str(d): _files(d) for d in program_files} == pf_before


def test_silent_uninstall_keeps_the_users_data(wine, setup_exe):
    if not wine.program_dir.exists():
        install(wine, setup_exe)
    data = put_user_data(wine)

    uninstall(wine)

    hkcu = wine.registry("user.reg")
    gone = [APP_KEY, r"Software\Classes\.baocao", rf"Software\Classes\{PROGID}", r"Software\BaoCao"]
    for key in gone:
        print(f"[wine] sau gỡ: HKCU\\{key} {'CÒN' if key in hkcu else 'đã xóa'}")
        assert key not in hkcu
    assert not wine.program_dir.exists()
    assert not [w for w, link in shortcuts(wine).items() if link.exists()]
    kept = _files(wine.data_dir)
    print(f"[wine] dữ liệu giữ lại: {sorted(kept)}")
    assert kept == data


def test_uninstall_with_the_data_option_removes_the_data(wine, setup_exe):
    if not wine.program_dir.exists():
        install(wine, setup_exe)
    put_user_data(wine)

    uninstall(wine, "/XOADULIEU")

    assert not wine.program_dir.exists()
    assert not wine.data_dir.exists()
    print(f"[wine] /XOADULIEU: {wine.windows_path(wine.data_dir)} đã xóa")


def test_upgrade_keeps_the_data_and_replaces_the_program(wine, setup_exe, tmp_path):
    if wine.program_dir.exists():
        uninstall(wine)
    old = tmp_path / "BaoCao-0.0.1"
    (old / "_internal").mkdir(parents=True)
    for name in ("BaoCao.exe", "baocao-cli.exe"):
        (old / name).write_bytes(b"MZ phien ban cu")
    (old / "_internal" / "thu-vien-cu.dll").write_bytes(b"cu")
    old_setup = tmp_path / "BaoCao-0.0.1-setup.exe"
    r = makensis(old, old_setup, version="0.0.1")
    assert r.returncode == 0, r.stdout + r.stderr
    install(wine, old_setup)
    assert wine.registry("user.reg")[APP_KEY]["DisplayVersion"] == "0.0.1"
    data = put_user_data(wine)

    install(wine, setup_exe)

    entry = wine.registry("user.reg")[APP_KEY]
    print(f"[wine] nâng cấp 0.0.1 → {entry['DisplayVersion']}")
    assert entry["DisplayVersion"] == VERSION
    assert not (wine.program_dir / "_internal" / "thu-vien-cu.dll").exists()
    assert (wine.program_dir / "BaoCao.exe").read_bytes()[:15] != b"MZ phien ban cu"
    assert _files(wine.data_dir) == data
