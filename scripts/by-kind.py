#!/usr/bin/env python3
"""Grade a binary's answers on a folder of question sets, by kind of question.

usage: by-kind.py [--json] [-v] BINARY DIR [-- EXTRA ASK ARGS...]

For every X.jsonl in DIR with an X.txt beside it, feeds the questions, one a line,
to `BINARY ask --json --article DIR/X.txt [EXTRA ASK ARGS]` and grades the answers
as ../shared/eval/run-eval does. Each question carries a "kind"; per kind it prints
right/total, where an on-topic question is right when it is answered and its first
passage is one of "p", and an off-topic one ("off": true) when it is declined. Then
the figures pooled over every question of the folder: passage@1, passage@3,
takeaway, abstain, answered and excerpt-answer. With --json, one JSON object
instead; with -v, every miss first.
"""
import json
import os
import subprocess
import sys

# Kinds in the order they are reported; any other kind follows, sorted.
ORDER = ["natural", "paraphrase", "keywords", "typo", "conversational",
         "off-everyday", "off-sense", "off-near"]


def squash(s):
    return " ".join(str(s).lower().split())


def ask(binary, article, cases, extra):
    stdin = "".join(c["q"].replace("\n", " ") + "\n" for c in cases)
    run = subprocess.run([binary, "ask", "--json", "--article", article, *extra],
                         input=stdin, capture_output=True, text=True, timeout=300)
    if run.returncode != 0:
        sys.exit(f"by-kind: {binary} ask on {article} exited {run.returncode}: {run.stderr.strip()[:500]}")
    lines = [l for l in run.stdout.splitlines() if l.strip()]
    if len(lines) != len(cases):
        sys.exit(f"by-kind: {article}: expected {len(cases)} answers, got {len(lines)}")
    return [json.loads(l) for l in lines]


def main(argv):
    extra = []
    if "--" in argv:
        extra = argv[argv.index("--") + 1:]
        argv = argv[:argv.index("--")]
    as_json = "--json" in argv
    verbose = "-v" in argv
    args = [a for a in argv if a not in ("--json", "-v")]
    if len(args) != 2 or any(a.startswith("-") for a in args):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    binary, folder = args
    kinds = {}  # kind -> [right, total]
    n = dict(p1=0, p3=0, pn=0, t1=0, tn=0, ab=0, abn=0, ans=0, on=0, ea=0, ean=0)
    sets = 0
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".jsonl"):
            continue
        article = os.path.join(folder, name[:-len(".jsonl")] + ".txt")
        if not os.path.exists(article):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            cases = [json.loads(l) for l in f if l.strip()]
        if not cases:
            continue
        sets += 1
        for c, a in zip(cases, ask(binary, article, cases, extra)):
            kind = c.get("kind") or ("off" if c.get("off") else "unlabelled")
            k = kinds.setdefault(kind, [0, 0])
            k[1] += 1
            answered = bool(a.get("answered"))
            excerpts = a.get("excerpts") or []
            passages = [e.get("passage") for e in excerpts]
            where = f"{name[:-6]}: {c['q']!r}"
            if c.get("off"):
                n["abn"] += 1
                if not answered:
                    n["ab"] += 1
                    k[0] += 1
                elif verbose:
                    print(f"MISS {kind:14s} {where}: answered with passage {passages[:1]}")
                continue
            n["on"] += 1
            n["ans"] += answered
            right = False
            if c.get("p") is not None:
                n["pn"] += 1
                right = bool(passages) and passages[0] in c["p"]
                n["p1"] += right
                n["p3"] += bool(set(passages[:3]) & set(c["p"]))
            if c.get("a"):
                n["ean"] += 1
                first = squash(excerpts[0].get("text", "")) if answered and excerpts else ""
                n["ea"] += any(squash(x) in first for x in c["a"] if squash(x))
            if c.get("t") is not None:
                n["tn"] += 1
                tk = (a.get("takeaway") or {}).get("number") if answered else None
                n["t1"] += tk in c["t"]
            if right and answered:
                k[0] += 1
            elif verbose:
                got = passages[:3] if answered else "declined"
                print(f"MISS {kind:14s} {where}: got {got} want {c.get('p')}")
    if not sets:
        print(f"by-kind: no X.txt/X.jsonl pairs in {folder}", file=sys.stderr)
        return 1

    def share(a, b):
        return a / b if b else 1.0

    order = [k for k in ORDER if k in kinds] + sorted(set(kinds) - set(ORDER))
    pooled = {
        "passage@1": share(n["p1"], n["pn"]), "passage@3": share(n["p3"], n["pn"]),
        "takeaway": share(n["t1"], n["tn"]), "abstain": share(n["ab"], n["abn"]),
        "answered": [n["ans"], n["on"]], "excerpt-answer": share(n["ea"], n["ean"]),
    }
    if as_json:
        print(json.dumps({"sets": sets, "kinds": {k: kinds[k] for k in order}, "pooled": pooled}))
        return 0
    for k in order:
        print(f"{k:16s} {kinds[k][0]:4d}/{kinds[k][1]}")
    print(f"pooled over {sets} articles: passage@1 {pooled['passage@1']:.2f}  passage@3 {pooled['passage@3']:.2f}"
          f"  takeaway {pooled['takeaway']:.2f}  abstain {pooled['abstain']:.2f}"
          f"  answered {n['ans']}/{n['on']}  excerpt-answer {pooled['excerpt-answer']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
