#!/usr/bin/python3
"""Count test results from meson's testlog.json files.

Ends with the line "N passed, N failed" (skipped cases, if any, are counted
on a line before it, so the last line keeps exactly that shape), so the
number is the real count of test cases: each TAP test case (GLib tests and
the AT-SPI tests speak TAP) counts once, and a test without TAP output
(the data-file validators) counts as one case.  A TAP program that crashed
after its last "ok" line still counts one failure.  Exit status 1 when
anything failed or a log is missing.
"""
import json
import re
import sys

TAP_LINE = re.compile(r'^(not ok|ok)\b(.*)$')


def count(path):
    passed = failed = skipped = 0
    with open(path, encoding='utf-8') as log:
        for line in log:
            if not line.strip():
                continue
            entry = json.loads(line)
            result = entry.get('result', '')
            ok = not_ok = skip = 0
            for out in (entry.get('stdout') or entry.get('stdo') or '').splitlines():
                match = TAP_LINE.match(out.strip())
                if not match:
                    continue
                if '# SKIP' in match.group(2).upper():
                    skip += 1
                elif match.group(1) == 'ok':
                    ok += 1
                else:
                    not_ok += 1
            if ok + not_ok + skip == 0:
                if result in ('OK', 'EXPECTEDFAIL'):
                    ok = 1
                elif result == 'SKIP':
                    skip = 1
                else:
                    not_ok = 1
            elif result not in ('OK', 'EXPECTEDFAIL', 'SKIP') and not_ok == 0:
                not_ok = 1
            passed += ok
            failed += not_ok
            skipped += skip
    return passed, failed, skipped


def main():
    total = [0, 0, 0]
    status = 0
    for path in sys.argv[1:]:
        try:
            counts = count(path)
        except (OSError, ValueError) as error:
            print(f'test-summary: {path}: {error}', file=sys.stderr)
            total[1] += 1
            status = 1
            continue
        total = [a + b for a, b in zip(total, counts)]
    passed, failed, skipped = total
    if skipped:
        print(f'({skipped} skipped)')
    print(f'{passed} passed, {failed} failed')
    return 1 if failed or status else 0


if __name__ == '__main__':
    sys.exit(main())
