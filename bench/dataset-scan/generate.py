#!/usr/bin/env python3
"""Writes deterministic JSONL chat transcripts (same seed, same bytes) with sprinkled personal data and secrets.

usage: generate.py OUT.jsonl MEGABYTES
"""
import json
import random
import sys

WORDS = ("the a to and please could you help me with my order account refund invoice shipping delivery password "
         "reset thanks hello question about issue problem update today tomorrow week number support team ticket "
         "customer service payment subscription plan upgrade cancel address change login error message").split()
FIRST = ["Maria", "John", "Aisha", "Kenji", "Olga", "Pedro", "Fatima", "Liam"]
LAST = ["Garcia", "Smith", "Khan", "Tanaka", "Ivanova", "Silva", "Haddad", "Murphy"]


def pii(rng):
    kind = rng.randrange(8)
    if kind == 0:
        return f"reach me at user{rng.randrange(100000)}@example.com"
    if kind == 1:
        return "my card is 4111 1111 1111 1111"
    if kind == 2:
        return "key AKIAIOSFODNN7EXAMPLE"
    if kind == 3:
        return f"call me on +1 415 555 {rng.randrange(1000, 9999)}"
    if kind == 4:
        return f"my name is {rng.choice(FIRST)} {rng.choice(LAST)}"
    if kind == 5:
        return f"ssn 123-45-{rng.randrange(1000, 9999)}"
    if kind == 6:
        return f"server at 10.0.{rng.randrange(256)}.{rng.randrange(256)}"
    return f"IBAN DE89 3704 0044 0532 0130 00"


def main():
    out, megabytes = sys.argv[1], float(sys.argv[2])
    target = int(megabytes * 1_000_000)
    rng = random.Random(20261123)
    written = 0
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        conversation = 0
        while written < target:
            messages = []
            for turn in range(rng.randrange(2, 8)):
                words = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(10, 80)))
                if rng.randrange(10) == 0:
                    words += " " + pii(rng)
                messages.append({"role": "user" if turn % 2 == 0 else "assistant", "content": words})
            line = json.dumps({"id": conversation, "messages": messages}, separators=(",", ":")) + "\n"
            f.write(line)
            written += len(line.encode("utf-8"))
            conversation += 1


if __name__ == "__main__":
    main()
