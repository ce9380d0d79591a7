"""A small, safe expression language for cross-field rules.

Rules in `forms/*.yaml` are written like Python comparisons over indicator codes:

    NS_THU_ND <= NS_THU                    # same measure on both sides
    NS_THU.luy_ke >= NS_THU.th_ky          # explicit measures
    sum(DN_MOI, DN_GIAI_THE) >= 0 and not (HS_TRE > HS_NHAN)

The text is parsed with `ast.parse(mode="eval")` and converted into our own small tree
of `Node` tuples; only whitelisted node types are accepted, and nothing is ever passed
to `eval`/`exec`.  Evaluation works on `Decimal`.  A rule whose values are missing is not
applicable (evaluates to `None`) unless it uses `present()` or `coalesce()`.
"""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable
from decimal import Decimal, DivisionByZero, InvalidOperation
from functools import lru_cache
from itertools import pairwise

from desktop.core.record import record

_CODE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_MEASURE = re.compile(r"^[a-z][a-z0-9_]*$")
FUNCTIONS = {"sum", "abs", "min", "max", "present", "coalesce", "round"}


class ExprError(ValueError):
    """The expression text is not valid in the rule language (Vietnamese message)."""


@record
class Ref:
    """A reference to an indicator's figure in a rule («NS_THU.th_ky»)."""
    indicator: str
    measure: str | None  # None: the measure the rule is being checked for


@record
class Node:
    """One node of a parsed rule expression."""
    op: str  # "ref", "num", "bool", "neg", "not", "and", "or", "+", "-", "*", "/", "cmp", "call"
    args: tuple = ()
    value: object = None


_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_COMPARE = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
_CMPOPS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}


@record
class Expression:
    """A rule's text and its parsed tree."""
    text: str
    root: Node

    def refs(self) -> list[Ref]:
        out: list[Ref] = []

        def walk(n: Node) -> None:
            if n.op == "ref":
                out.append(n.value)  # type: ignore[arg-type]
            for a in n.args:
                walk(a)

        walk(self.root)
        return out

    def evaluate(self, lookup: Callable[[Ref], Decimal | None]) -> bool | Decimal | None:
        """Evaluate; `None` means "not applicable" (a value is missing, or ÷ 0)."""
        try:
            return _eval(self.root, lookup)
        except _Missing:
            return None
        except (DivisionByZero, InvalidOperation, ZeroDivisionError):
            return None


class _Missing(Exception):
    pass


@lru_cache(maxsize=4096)
def parse(text: str) -> Expression:
    """Parse once; the result is immutable, so validation reuses it for every submission."""
    if len(text) > 2000:
        raise ExprError("Biểu thức quá dài (tối đa 2000 ký tự).")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExprError(f"Biểu thức sai cú pháp ở vị trí {exc.offset}: «{text}».") from None
    return Expression(text=text, root=_convert(tree.body, text))


def _convert(n: ast.AST, src: str) -> Node:
    if isinstance(n, ast.Name):
        if n.id in ("true", "True"):
            return Node("bool", value=True)
        if n.id in ("false", "False"):
            return Node("bool", value=False)
        return Node("ref", value=Ref(_code(n.id), None))
    if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name):
        if not _MEASURE.match(n.attr):
            raise ExprError(f"«{n.attr}» không phải mã số đo (chữ thường, ví dụ luy_ke).")
        return Node("ref", value=Ref(_code(n.value.id), n.attr))
    if isinstance(n, ast.Constant) and type(n.value) in (int, float):
        literal = ast.get_source_segment(src.strip(), n) or repr(n.value)
        return Node("num", value=Decimal(literal.replace("_", "")))
    if isinstance(n, ast.UnaryOp):
        inner = _convert(n.operand, src)
        if isinstance(n.op, ast.Not):
            return Node("not", (inner,))
        if isinstance(n.op, ast.USub):
            return Node("neg", (inner,))
        if isinstance(n.op, ast.UAdd):
            return inner
    if isinstance(n, ast.BinOp) and type(n.op) in _BINOPS:
        return Node(_BINOPS[type(n.op)], (_convert(n.left, src), _convert(n.right, src)))
    if isinstance(n, ast.BoolOp):
        op = "and" if isinstance(n.op, ast.And) else "or"
        return Node(op, tuple(_convert(v, src) for v in n.values))
    if isinstance(n, ast.Compare) and all(type(o) in _CMPOPS for o in n.ops):
        operands = (_convert(n.left, src), *(_convert(c, src) for c in n.comparators))
        return Node("cmp", operands, tuple(_CMPOPS[type(o)] for o in n.ops))
    if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and not n.keywords:
        if n.func.id not in FUNCTIONS:
            raise ExprError(
                f"Hàm «{n.func.id}» không được phép; chỉ dùng: {', '.join(sorted(FUNCTIONS))}."
            )
        if not n.args:
            raise ExprError(f"Hàm «{n.func.id}» cần ít nhất một đối số.")
        return Node("call", tuple(_convert(a, src) for a in n.args), n.func.id)
    piece = ast.get_source_segment(src.strip(), n) or type(n).__name__
    raise ExprError(f"Thành phần «{piece}» không được phép trong biểu thức quy tắc.")


def _code(name: str) -> str:
    if not _CODE.match(name):
        raise ExprError(f"«{name}» không phải mã chỉ tiêu (chữ in hoa, số và dấu _, ví dụ NS_THU).")
    return name


def _num(v: object) -> Decimal:
    if isinstance(v, bool) or not isinstance(v, Decimal):
        raise ExprError("Phép tính số học trên giá trị không phải số.")
    return v


def _eval(n: Node, lookup: Callable[[Ref], Decimal | None]):
    op = n.op
    if op == "ref":
        v = lookup(n.value)  # type: ignore[arg-type]
        if v is None:
            raise _Missing
        return v
    if op in ("num", "bool"):
        return n.value
    if op == "neg":
        return -_num(_eval(n.args[0], lookup))
    if op == "not":
        return not _eval(n.args[0], lookup)
    if op == "and":
        return all(_eval(a, lookup) for a in n.args)
    if op == "or":
        return any(_eval(a, lookup) for a in n.args)
    if op in ("+", "-", "*", "/"):
        a, b = (_num(_eval(x, lookup)) for x in n.args)
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if b == 0:
            raise _Missing
        return a / b
    if op == "cmp":
        values = [_eval(a, lookup) for a in n.args]
        for (left, right), cmp in zip(pairwise(values), n.value, strict=True):  # type: ignore[arg-type]
            if not _COMPARE[cmp](left, right):
                return False
        return True
    if op == "call":
        name = n.value
        if name == "present":
            try:
                for a in n.args:
                    _eval(a, lookup)
                return True
            except _Missing:
                return False
        if name == "coalesce":
            for a in n.args:
                try:
                    return _eval(a, lookup)
                except _Missing:
                    continue
            raise _Missing
        if name == "sum":
            # sum() treats missing parts as absent, but needs at least one present value
            total, seen = Decimal(0), False
            for a in n.args:
                try:
                    total += _num(_eval(a, lookup))
                    seen = True
                except _Missing:
                    continue
            if not seen:
                raise _Missing
            return total
        vals = [_num(_eval(a, lookup)) for a in n.args]
        if name == "abs":
            return abs(vals[0])
        if name == "min":
            return min(vals)
        if name == "max":
            return max(vals)
        if name == "round":
            places = int(vals[1]) if len(vals) > 1 else 0
            return vals[0].quantize(Decimal(1).scaleb(-places))
    raise ExprError(f"Phép toán không hỗ trợ: {op}")
