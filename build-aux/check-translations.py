#!/usr/bin/python3
# check-translations.py: every translation in po/LINGUAS is complete against
# the current sources.
#
# Usage: check-translations.py SOURCE_ROOT
#
# Extracts a fresh template from the files in po/POTFILES.in (with the
# arguments of meson's i18n 'glib' preset, as `meson compile marrow-pot`
# does, but into a temporary folder: the source tree is not touched), merges
# each po/LANG.po with it and fails when a message is untranslated or fuzzy,
# naming it, or when `msgfmt --check` finds an error (a format specifier that
# differs from the msgid's, a bad header, a plural without all its forms).
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import shutil
import subprocess
import sys
import tempfile

# meson 1.0 mesonbuild/modules/i18n.py, PRESET_ARGS['glib'], plus the -k_
# that mesonbuild/scripts/gettext.py adds.
XGETTEXT_ARGS = [
    '-k_',
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format', '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format', '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format', '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format', '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format', '--flag=g_printerr:1:c-format', '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format', '--flag=g_sprintf:2:c-format',
    '--flag=g_snprintf:3:c-format',
]


def read_linguas(path):
    langs = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.split('#', 1)[0].strip()
            langs += line.split()
    return langs


def unquote(lines):
    return ''.join(l[l.index('"') + 1:l.rindex('"')] for l in lines)


def entries(path):
    """Yield (flags, msgctxt, msgid, [msgstr…]) of the live entries of a PO file."""
    with open(path, encoding='utf-8') as f:
        text = f.read()
    for chunk in re.split(r'\n\s*\n', text):
        lines = [l for l in chunk.split('\n') if l and not l.startswith('#~')]
        if not any(l.startswith('msgid') for l in lines):
            continue
        flags = ''.join(l[2:] for l in lines if l.startswith('#,'))
        fields = {}
        key = None
        for l in lines:
            if l.startswith('#'):
                continue
            m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(\[\d+\])?)\s', l)
            if m:
                key = m.group(1)
                fields[key] = [l]
            elif key:
                fields[key].append(l)
        msgid = unquote(fields.get('msgid', []))
        if msgid == '':
            continue  # the header
        ctxt = unquote(fields['msgctxt']) if 'msgctxt' in fields else None
        strs = [unquote(v) for k, v in sorted(fields.items()) if k.startswith('msgstr')]
        yield flags, ctxt, msgid, strs


def main():
    srcdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..')
    podir = os.path.join(srcdir, 'po')
    tools = {t: shutil.which(t) for t in ('xgettext', 'msgmerge', 'msgfmt')}
    if not all(tools.values()):
        print('gettext tools are missing; skipping')
        return 77

    langs = read_linguas(os.path.join(podir, 'LINGUAS'))
    if not langs:
        print('po/LINGUAS lists no language')
        return 0

    status = 0
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'marrow.pot')
        subprocess.run([tools['xgettext'], '--package-name=marrow', '-f',
                        os.path.join(podir, 'POTFILES.in'), '-D', srcdir, '-o', pot]
                       + XGETTEXT_ARGS, check=True, stderr=subprocess.DEVNULL)

        for lang in langs:
            po = os.path.join(podir, lang + '.po')
            if not os.path.exists(po):
                print(f'po/LINGUAS lists {lang}, but po/{lang}.po does not exist')
                status = 1
                continue

            # The file itself must compile without errors.
            check = subprocess.run([tools['msgfmt'], '--check', '--statistics', '-o', os.devnull, po],
                                   capture_output=True, text=True)
            if check.returncode != 0:
                print(f'po/{lang}.po: msgfmt --check failed:\n{check.stderr}')
                status = 1

            # ...and cover the current sources.
            merged = os.path.join(tmp, lang + '.po')
            subprocess.run([tools['msgmerge'], '--quiet', '-o', merged, po, pot], check=True)
            stats = subprocess.run([tools['msgfmt'], '--check', '--statistics', '-o', os.devnull,
                                    merged], capture_output=True, text=True)
            problems = []
            for flags, ctxt, msgid, strs in entries(merged):
                label = f'“{msgid}”' + (f' (context “{ctxt}”)' if ctxt else '')
                if 'fuzzy' in flags:
                    problems.append(f'fuzzy (changed in the sources): {label}')
                elif not strs or any(s == '' for s in strs):
                    problems.append(f'untranslated: {label}')
            for p in problems:
                print(f'po/{lang}.po: {p}')
            print(f'{lang}: {stats.stderr.strip()}')
            if problems or stats.returncode != 0:
                print(f'po/{lang}.po is not complete: run `meson compile -C BUILDDIR marrow-pot '
                      f'marrow-update-po` and translate the messages above (README, Translations)')
                status = 1
    return status


if __name__ == '__main__':
    sys.exit(main())
