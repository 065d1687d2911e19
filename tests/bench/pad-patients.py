#!/usr/bin/python3
# pad-patients.py: pad a generated database with patient rows, for the search benchmark
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# `marrow-cli generate --patients 100000` makes about 29 million records and
# takes many hours on a 2-core machine.  The patient list and its search
# read only the patient table (and its full-text index, filled by triggers),
# so for tests/bench/bench-search.c a database whose extra patients have no
# clinical records measures the same thing.  This script makes one:
#
# 1. copies SOURCE (a database made by `marrow-cli generate`, perhaps an
#    aborted run; it is only read) to OUTPUT, unless OUTPUT exists already;
# 2. reads the patients of the copy and writes a Marrow archive
#    (docs/archive.md) of the patients up to --patients that it lacks,
#    numbered on (SYN-028773, SYN-028774 …, as `generate` numbers them):
#    family name, given names with their sex, and date of birth each taken
#    from a different existing patient chosen by a seeded random number
#    generator (so the spread of names and birth years is the generated
#    one, and no name is simply repeated); phone, e-mail and address in
#    generate's pattern; a UUID derived from the record number; created by
#    the staff member who created the first patient;
# 3. imports the archive with `marrow-cli import`, so the rows go through
#    the store's validation, the full-text index and the audit log (one
#    `import` event per 256 records) like any other write.
#
# The padded patients have no cases, weights or assessments: the
# benchmark's numbers for the database say so (README, "Speed").
#
#   tests/bench/pad-patients.py --cli build/src/cli/marrow-cli SOURCE OUTPUT
#                               [--patients 100000] [--seed 1]

import argparse
import datetime
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from xml.sax.saxutils import escape

# A fixed namespace, so the same record number always gets the same UUID
NAMESPACE = uuid.UUID('5b0c7f4e-3d52-4a8e-9d43-6c1a0f2d7e11')


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--cli', required=True, help='marrow-cli')
    parser.add_argument('--patients', type=int, default=100000)
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('source')
    parser.add_argument('output')
    args = parser.parse_args()

    if not os.path.exists(args.output):
        print(f'copying {args.source} to {args.output}…', file=sys.stderr)
        shutil.copyfile(args.source, args.output + '.part')
        os.rename(args.output + '.part', args.output)

    db = sqlite3.connect(f'file:{args.output}?mode=ro', uri=True)
    rows = db.execute('SELECT local_id, family_name, given_names, sex, dob, created_by'
                      ' FROM patient WHERE record_status <> \'entered_in_error\''
                      ' ORDER BY rowid').fetchall()
    have = {r[0] for r in rows}
    db.close()
    if len(rows) >= args.patients:
        print(f'{args.output} has {len(rows)} patients already', file=sys.stderr)
        return
    creator = rows[0][5]

    rand = random.Random(args.seed)
    now = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.000Z')
    records = []
    number = 0
    while len(rows) + len(records) < args.patients:
        number += 1
        local_id = f'SYN-{number:06d}'
        if local_id in have:
            continue
        family = rand.choice(rows)[1]
        given_from = rand.choice(rows)
        dob = rand.choice(rows)[4]
        given, sex = given_from[2], given_from[3]
        index = number - 1
        fields = [
            ('local_id', local_id),
            ('family_name', family),
            ('given_names', given),
            ('dob', dob),
            ('sex', sex),
            ('phone', f'+1 312 555 01{index % 100:02d}'),
            ('email', f'{given}.{family}.{number}@example.org'.lower()),
            ('address_line', f'{1 + index % 250} Example Street'),
            ('address_city', 'Sampleton'),
            ('address_postal_code', '99999'),
            ('address_country', 'US'),
            ('do_not_contact', 'false'),
            ('note', 'Synthetic patient added by tests/bench/pad-patients.py: not a real '
                     'person.'),
        ]
        records.append((str(uuid.uuid5(NAMESPACE, local_id)), fields))

    # The archive's canonical order is by UUID
    records.sort()
    with tempfile.NamedTemporaryFile('w', suffix='.xml', delete=False,
                                     dir=os.path.dirname(os.path.abspath(args.output))) as f:
        archive = f.name
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<archive formatVersion="1.0" generator="pad-patients.py"'
                ' xmlns="urn:marrow:archive:1">\n'
                '  <records table="patient">\n')
        for id, fields in records:
            f.write(f'    <record id="{id}" rowVersion="1" status="final" createdAt="{now}"'
                    f' createdBy="{creator}" updatedAt="{now}" updatedBy="{creator}">\n')
            for name, value in fields:
                f.write(f'      <f n="{name}">{escape(value)}</f>\n')
            f.write('    </record>\n')
        f.write('  </records>\n</archive>\n')

    print(f'importing {len(records)} patients…', file=sys.stderr)
    try:
        subprocess.run([args.cli, 'import', args.output, archive], check=True)
    finally:
        os.unlink(archive)


if __name__ == '__main__':
    main()
