#!/usr/bin/python3
# bench-exchange.py: speed and memory of archive export and import
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Issue 4's targets: with a generated database of about a million records,
# import at least 50 000 records per second, export at least as fast, peak
# memory under 150 MB and independent of the file size.  The issue counts
# 20 000 patients as a million records (50 each); Marrow stores every
# questionnaire answer as a record of its own, so `generate` makes about 290
# records per patient and 3 500 patients are the million records.  Pass
# --patients 20000 for the patient count (5.8 million records).
# A benchmark, not a test: it prints numbers and never fails on them.
#
#   tests/bench/bench-exchange.py [--build build] [--patients 3500] [--keep DIR]

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time


def run(cmd):
    """Runs cmd; returns (seconds, peak RSS of that process in MiB)."""
    start = time.monotonic()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.monotonic() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise subprocess.CalledProcessError(child.returncode, cmd)
    return seconds, usage.ru_maxrss / 1024.0


def records(cli, db):
    out = subprocess.run([cli, 'stats', '--compact', db], check=True, capture_output=True,
                         text=True).stdout
    stats = json.loads(out)['records']
    return sum(v['current'] + v['entered_in_error'] for v in stats.values())


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--build', default='build')
    parser.add_argument('--patients', type=int, default=3500)
    parser.add_argument('--keep', help='keep the files in this folder')
    args = parser.parse_args()

    cli = os.path.join(args.build, 'src', 'cli', 'marrow-cli')
    folder = args.keep or tempfile.mkdtemp(prefix='marrow-bench-')
    os.makedirs(folder, exist_ok=True)
    source = os.path.join(folder, 'source.db')
    target = os.path.join(folder, 'target.db')
    archive = os.path.join(folder, 'archive.xml')
    for path in (source, target, archive):
        if os.path.exists(path):
            os.unlink(path)

    env_note = f'{os.cpu_count()} CPUs'
    print(f'# marrow exchange benchmark: {args.patients} patients, {env_note}', flush=True)

    t, rss = run([cli, 'generate', source, '--patients', str(args.patients)])
    n = records(cli, source)
    print(f'generate: {n} records in {t:.1f} s ({n / t:.0f} records/s), peak {rss:.0f} MiB')

    t, rss = run([cli, 'export', source, '-o', archive])
    size = os.path.getsize(archive) / (1024 * 1024)
    print(f'export:   {n} records in {t:.1f} s ({n / t:.0f} records/s), {size:.0f} MiB file, '
          f'peak {rss:.0f} MiB')

    subprocess.run([cli, 'init', target], check=True, stdout=subprocess.DEVNULL)
    t, rss = run([cli, 'import', target, archive])
    print(f'import:   {n} records in {t:.1f} s ({n / t:.0f} records/s, validation and writing together), '
          f'peak {rss:.0f} MiB')

    subprocess.run([cli, 'export', target, '-o', archive + '.2'], check=True)
    identical = open(archive, 'rb').read() == open(archive + '.2', 'rb').read()
    print(f'round trip byte-identical: {identical}')

    if not args.keep:
        for path in (source, target, archive, archive + '.2'):
            for suffix in ('', '-wal', '-shm'):
                if os.path.exists(path + suffix):
                    os.unlink(path + suffix)
        os.rmdir(folder)
    return 0


if __name__ == '__main__':
    sys.exit(main())
