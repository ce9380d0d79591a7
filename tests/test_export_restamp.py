"""A form «Hoàn thành» under an older form pack and never sent goes out under today's form
when its figures still validate under it: the package carries today's form hash and
version, and the province (today's pack) takes it as new.  Before, the package kept the
hash of the day the form was finished and the province refused it (sai_phien_ban_bieu:
«đơn vị cập nhật biểu mẫu rồi gửi lại», which the unit had done).  The older pack is real:
Biểu 05 as it was before 6c255dd (tests/fixtures/older_pack/ngan_sach.yaml), the rest of
the pack as today."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from desktop.core.exchange.service import import_packages
from desktop.core.services import Services
from tests.conftest import FIXTURES, REPO
from tests.core.package_tools import TODAY, budget, enrol, export, finalise, members

OLDER = FIXTURES / "older_pack" / "ngan_sach.yaml"


def older_pack(tmp_path: Path) -> Path:
    forms = tmp_path / "bo_bieu_cu"
    shutil.copytree(REPO / "forms", forms)
    shutil.copyfile(OLDER, forms / "ngan_sach.yaml")
    return forms


def test_a_form_finished_under_an_older_pack_is_sent_under_todays(tmp_path, warm_pack):
    db, keys = tmp_path / "don_vi" / "baocao.db", tmp_path / "don_vi" / "keys"
    before = Services(db_path=db, forms_dir=older_pack(tmp_path), today=TODAY)
    old_hash = before.pack.content_hash("ngan_sach")
    stored = finalise(before, budget("183", "2023-H1", "209435"))  # «Hoàn thành», not sent
    assert stored.form_hash == old_hash
    before.close()

    svc = Services(db_path=db, today=TODAY)  # the pack updated; the form still «Hoàn thành»
    svc.key_dir = keys
    today = svc.pack.content_hash("ngan_sach")
    assert today != old_hash
    pkg = export(svc, "183", "2023-H1", tmp_path / "goi.baocao")
    manifest = json.loads(members(pkg)["manifest.json"])
    (entry,) = manifest["forms"]
    assert entry["form_hash"] == today and entry["version"] == svc.pack.get("ngan_sach").version

    province = Services(db_path=tmp_path / "tinh" / "baocao.db", today=TODAY)
    province.key_dir = tmp_path / "tinh" / "keys"
    enrol(province, svc, "183", "2023-H1")
    (result,) = import_packages(province, [pkg])
    assert result.outcome == "new", result.message
    province.close()
    svc.close()
