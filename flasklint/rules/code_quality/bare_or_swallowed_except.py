"""FL803 bare-or-swallowed-except: Exceptions are caught too broadly or silently dropped."""

from __future__ import annotations

import libcst as cst

from flasklint.api import FileRule, Invalid, dotted_name

BROAD = frozenset({"Exception", "BaseException"})


def _swallows(body: cst.BaseSuite) -> bool:
    statements = body.body if isinstance(body, cst.IndentedBlock) else [body]
    simple: list[cst.BaseSmallStatement] = []
    for statement in statements:
        if not isinstance(statement, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
            return False
        simple.extend(statement.body)
    return all(
        isinstance(s, (cst.Pass, cst.Continue))
        or (isinstance(s, cst.Expr) and isinstance(s.value, (cst.Ellipsis, cst.SimpleString)))
        for s in simple
    )


class BareOrSwallowedExcept(FileRule):
    """Exceptions are caught too broadly or silently dropped.

    ## What it checks
    Bare `except:` clauses, and `except Exception:` / `except
    BaseException:` handlers (or bare ones) whose body only passes or
    continues.

    ## Why it matters
    A bare `except:` also catches `KeyboardInterrupt` and `SystemExit`; a
    swallowed exception turns a failure into wrong data with no trace in the
    logs.

    ## Example
    ```python
    try:
        send_receipt(order)
    except:
        pass
    ```

    ## Use instead
    ```python
    try:
        send_receipt(order)
    except SMTPException:
        logger.exception("receipt for order %s not sent", order.id)
    ```
    """

    code = "FL803"
    name = "bare-or-swallowed-except"
    skill = "code-quality"
    severity = "medium"
    weight = 2.0
    unit = "module"
    good = (
        "import logging\n\n\ndef f():\n    try:\n        return 1 / 0\n    except ZeroDivisionError:\n        logging.exception('x')\n    except KeyError:\n        pass\n",
    )
    bad = (
        Invalid("def f():\n    try:\n        return 1 / 0\n    except:\n        return None\n", expect=("app.py:4",)),
        Invalid(
            "def f():\n    try:\n        return 1 / 0\n    except Exception:\n        pass\n", expect=("app.py:4",)
        ),
    )

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.type is None:
            self.report(node, "bare except: also catches KeyboardInterrupt and SystemExit")
        elif (dotted_name(node.type) or "").rpartition(".")[2] in BROAD and _swallows(node.body):
            self.report(node, "broad exception silently swallowed")
