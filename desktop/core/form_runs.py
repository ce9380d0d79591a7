"""Forms named together as people write them: «Biểu số 01–21, 23–25» instead of 24 names
(an import's short line in the inbox and the CLI, the status board's overdue lines)."""

from __future__ import annotations

import re

_NUMBERED = re.compile(r"^(?P<word>.*?)(?P<no>\d+)$")


def form_runs(names: list[str]) -> str:
    """«Biểu số 01–03, 05» for «Biểu số 01», «Biểu số 02», «Biểu số 03», «Biểu số 05»: in
    the order given, consecutive numbers as a run with an en dash, the words before the
    numbers said once while they stay the same.  A name without a number stands alone."""
    runs: list[tuple[str | None, list[str]]] = []  # (words before the numbers, numbers)
    for name in names:
        m = _NUMBERED.match(name)
        if m is None:
            runs.append((None, [name]))
        elif runs and runs[-1][0] == m["word"] and int(runs[-1][1][-1]) + 1 == int(m["no"]):
            runs[-1][1].append(m["no"])
        else:
            runs.append((m["word"], [m["no"]]))
    parts, said = [], None
    for word, numbers in runs:
        text = numbers[0] if len(numbers) == 1 else ", ".join(numbers)
        if len(numbers) > 2:
            text = f"{numbers[0]}–{numbers[-1]}"
        parts.append(text if word is None or word == said else f"{word}{text}")
        said = word
    return ", ".join(parts)
