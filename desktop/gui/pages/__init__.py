"""The main window's pages.  `LazyPages` holds each page's builder and builds the page the
first time it is asked for (shown, or reached by code), so the window opens with only the
page a person sees first: the others (charts, the keys page, the consolidation page …) and
the modules they import cost nothing until they are opened."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping


class LazyPages(Mapping):
    """key → page, built on first `pages[key]`; `on_built(key, page)` runs once per page
    (the window puts it in its stack and links its period picker).  Iterating and `in`
    see every registered page, built or not."""

    def __init__(self, on_built: Callable[[str, object], None]) -> None:
        self._builders: dict[str, Callable[[], object]] = {}
        self._built: dict[str, object] = {}
        self._on_built = on_built

    def register(self, key: str, build: Callable[[], object]) -> None:
        self._builders[key] = build

    def __getitem__(self, key: str) -> object:
        if key in self._built:
            return self._built[key]
        page = self._builders[key]()
        self._built[key] = page
        self._on_built(key, page)
        return page

    def __contains__(self, key: object) -> bool:  # Mapping's would build the page
        return key in self._builders

    def __iter__(self) -> Iterator[str]:
        return iter(self._builders)

    def __len__(self) -> int:
        return len(self._builders)

    def is_built(self, key: str) -> bool:
        return key in self._built

    def built(self) -> list[object]:
        """The pages built so far, in the order they were built."""
        return list(self._built.values())

    def clear(self) -> list[object]:
        """Forget every page; returns the built ones (for the window to delete)."""
        pages = self.built()
        self._builders.clear()
        self._built.clear()
        return pages
