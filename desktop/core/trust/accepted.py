"""Which received submissions the province has accepted, for a whole period at once: the
review state shown in «Tình hình báo cáo» and `baocao status`, and the filter a
consolidation restricted to accepted submissions counts through (`accepted_filter`).

A submission entered at this office (origin 'local') is the office's own and is never
reviewed: it always counts.  A received one counts when its current revision was accepted;
awaiting review or returned, it does not.
"""

from __future__ import annotations

from collections.abc import Callable

from desktop.core.storage.trust_tables import TrustStore

Admit = Callable[[tuple[str, str], str], bool]  # (unit key, form id) → counted?


def review_states(db, period: str) -> dict[tuple[str, str, str, int], str]:
    """(unit code, valid from, form, revision) → the province's last decision on it
    ('accepted' | 'returned'); a revision not in the map awaits review."""
    rows = TrustStore(db).reviews("origin = 'sent' AND period = ?", [period])
    return {
        (r["unit_code"], r["unit_valid_from"], r["form_id"], r["revision"]): r["decision"]
        for r in rows  # oldest first: the last decision wins
    }


def review_of(meta, states: dict) -> str | None:
    """accepted | returned | awaiting for a received, finalised submission; None otherwise."""
    if meta.origin != "imported" or meta.status == "draft":
        return None
    return states.get(
        (meta.unit_code, meta.unit_valid_from, meta.form_id, meta.revision), "awaiting"
    )


def accepted_filter(repo, db, period: str) -> Admit:
    """The consolidation's filter: a unit's form counts when entered here, or received and
    its current revision accepted."""
    states = review_states(db, period)
    admitted = {
        (m.unit_code, m.unit_valid_from, m.form_id)
        for m in repo.list_for_period(period)
        if review_of(m, states) in (None, "accepted") and m.status != "draft"
    }
    return lambda unit_key, form_id: (*unit_key, form_id) in admitted
