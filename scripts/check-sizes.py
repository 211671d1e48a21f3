#!/usr/bin/env python3
"""Size limits of the product code (sim/, analysis/, plan/, fit/, cli/): no source file over 700
lines, no function over 100 lines. A function is a brace block opened at the end of a line
that looks like a definition (a closing parenthesis, maybe qualifiers or an initializer list,
then "{"), counted from that line to its closing brace; lambdas and blocks inside a function
count as part of it. Exceptions are listed below, each with why it reads better whole.
Prints every breach and exits 1 if there is one."""
import pathlib
import re
import sys

MAX_FILE = 700
MAX_FUNCTION = 100
ROOTS = ["sim", "analysis", "plan", "fit", "cli"]
# "path:function name" -> reason.
EXCEPTIONS = {}

CONTROL = re.compile(r"\b(if|for|while|switch|catch|do|else)\s*(\(|\{|$)")


def strip(line):
    line = re.sub(r'"(?:\\.|[^"\\])*"', '""', line)
    line = re.sub(r"'(?:\\.|[^'\\])*'", "''", line)
    return line.split("//")[0]


def functions(lines):
    """(name, first line, last line) of every function defined at namespace or class level."""
    stack = []  # kinds of the open blocks: "scope" (namespace, class, ...), "function", "other"
    head = ""  # text since the last ; { or } at this level: the head of the next block
    start = name = None
    for i, raw in enumerate(lines):
        for ch in strip(raw) + "\n":
            if ch == "{":
                inside = bool(stack) and stack[-1] not in ("scope",)
                if "function" in stack or inside:
                    stack.append("other")
                elif re.search(r"\b(namespace|class|struct|union|enum)\b", head) and "(" not in head.split("{")[0].split("=")[0] or not head.strip():
                    stack.append("scope")
                elif ")" in head and not CONTROL.search(head) and "=" not in head.split("(")[0]:
                    stack.append("function")
                    m = re.search(r"([\w:~]+(?:<[^()]*>)?)\s*\(", head)
                    start, name = i, m.group(1) if m else "?"
                else:
                    stack.append("other")
                head = ""
            elif ch == "}":
                kind = stack.pop() if stack else "scope"
                if kind == "function" and "function" not in stack:
                    yield name, start + 1, i + 1
                head = ""
            elif ch == ";":
                head = ""
            else:
                head += ch


def main():
    breaches = []
    for root in ROOTS:
        for path in sorted(pathlib.Path(root).rglob("*.[ch]pp")):
            lines = path.read_text().splitlines()
            if len(lines) > MAX_FILE:
                breaches.append(f"{path}: {len(lines)} lines (limit {MAX_FILE})")
            for name, first, last in functions(lines):
                length = last - first + 1
                if length > MAX_FUNCTION and f"{path}:{name}" not in EXCEPTIONS:
                    breaches.append(f"{path}:{first}: {name} is {length} lines (limit {MAX_FUNCTION})")
    for b in breaches:
        print(b)
    return 1 if breaches else 0


if __name__ == "__main__":
    sys.exit(main())
