#!/usr/bin/python3
# test_e2e_window.py: drive the real marrow program over AT-SPI (suite 'display')
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Run with the system Python (pyatspi is not in other interpreters, P2) inside
# tests/xvfb-run.sh, which gives a private X display and D-Bus session bus;
# the bus activates the accessibility bus and registry on demand.  GTK_A11Y
# must be unset so GTK talks AT-SPI (test-harness.md, section 4).
#
#   MARROW_BIN       the marrow program (required)
#   MARROW_SEED_BIN  a program that fills a new database with three sample
#                    patients when called as "PROG --seed-database PATH"
#                    (tests/test-window); without it the list checks are skipped
#
# Prints TAP.

import os
import shutil
import subprocess
import sys
import tempfile
import time

import pyatspi

APP_NAME = "marrow"
TIMEOUT = 10.0

results = []


def tap(ok, description, diagnostic=None):
    results.append(ok)
    print(("ok" if ok else "not ok") + " %d - %s" % (len(results), description))
    if diagnostic and not ok:
        for line in str(diagnostic).splitlines():
            print("# " + line)
    sys.stdout.flush()


def skip(description, reason):
    results.append(True)
    print("ok %d - %s # SKIP %s" % (len(results), description, reason))
    sys.stdout.flush()


def wait_for(predicate, timeout=TIMEOUT, interval=0.1):
    end = time.monotonic() + timeout
    while True:
        try:
            value = predicate()
        except Exception:  # the tree changes while we read it
            value = None
        if value:
            return value
        if time.monotonic() > end:
            return None
        time.sleep(interval)


def role_name(acc):
    try:
        return acc.getRoleName()
    except Exception:
        return "?"


def find_app(pid):
    desktop = pyatspi.Registry.getDesktop(0)
    for app in desktop:
        if app is None:
            continue
        try:
            if app.name == APP_NAME and app.get_process_id() == pid:
                return app
        except Exception:
            continue
    return None


def find(root, predicate):
    try:
        return pyatspi.findDescendant(root, predicate, True)
    except Exception:
        return None


def find_all(root, predicate):
    try:
        return pyatspi.findAllDescendants(root, predicate)
    except Exception:
        return []


def is_visible(acc):
    # GTK 4.8 does not keep STATE_SHOWING up to date; the window hides the
    # stack pages it does not show, which clears STATE_VISIBLE.
    try:
        return acc.getState().contains(pyatspi.STATE_VISIBLE)
    except Exception:
        return False


def do_action(acc, name):
    action = acc.queryAction()
    names = [action.getName(i) for i in range(action.nActions)]
    if name not in names:
        raise RuntimeError("no action %r in %r" % (name, names))
    return action.doAction(names.index(name))


def patient_row(acc, name):
    # A row of the patient list says the name, the record number and the
    # date of birth (its accessible label)
    return (acc.name or "").startswith(name + ", medical record number")


def type_into(entry, text):
    # The Editable Text interface of the search field; GTK 4.8 puts it on
    # the text widget inside the search entry
    for acc in [entry] + find_all(entry, lambda a: True):
        try:
            editable = acc.queryEditableText()
        except NotImplementedError:
            continue
        editable.setTextContents(text)
        return True
    return False


def check_search(marrow):
    entry = wait_for(lambda: find(marrow.app, lambda a: a.name == "Search Patients" and is_visible(a)))
    tap(entry is not None, "search: the search field 'Search Patients' is there",
        "named 'Search Patients': %s" % [role_name(a) for a in find_all(marrow.app, lambda a: a.name == "Search Patients")])
    if entry is None:
        return
    tap(type_into(entry, "oka"), "search: text can be typed into the search field")
    found = wait_for(lambda: find(marrow.app, lambda a: a.getRole() == pyatspi.ROLE_LABEL
                                  and a.name == "1 patient found"))
    tap(found is not None, "search: typing 'oka' finds one patient",
        "labels: %s" % [a.name for a in find_all(marrow.app, lambda a: a.getRole() == pyatspi.ROLE_LABEL)][:30])
    okafor = wait_for(lambda: find(marrow.app, lambda a: patient_row(a, "Okafor, Chidi") and is_visible(a)))
    tap(okafor is not None, "search: the list shows 'Okafor, Chidi'")
    others = find(marrow.app, lambda a: patient_row(a, "Adebayo, Grace Funmilayo") and is_visible(a))
    tap(others is None, "search: and no longer 'Adebayo, Grace Funmilayo'")

    type_into(entry, "zzz")
    none = wait_for(lambda: find(marrow.app, lambda a: a.getRole() == pyatspi.ROLE_LABEL
                                 and a.name == "No patients match \u201czzz\u201d" and is_visible(a)))
    tap(none is not None, "search: a search without results says so")

    type_into(entry, "")
    count = wait_for(lambda: find(marrow.app, lambda a: a.getRole() == pyatspi.ROLE_LABEL
                                  and a.name == "3 patients"))
    tap(count is not None, "search: clearing the field lists all three patients again")


class Marrow:
    def __init__(self, binary, database, extra_env=None):
        env = dict(os.environ)
        env.update(extra_env or {})
        env.pop("GTK_A11Y", None)
        env.setdefault("GDK_BACKEND", "x11")
        env.setdefault("GSK_RENDERER", "cairo")
        self.proc = subprocess.Popen([binary, "--database", database], env=env)
        self.app = wait_for(lambda: find_app(self.proc.pid))

    def frame(self):
        return wait_for(lambda: find(self.app, lambda a: a.getRole() == pyatspi.ROLE_FRAME
                                     and a.name == "Marrow"))

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def check_empty_database(binary, tmpdir):
    database = os.path.join(tmpdir, "empty.db")
    marrow = Marrow(binary, database)
    try:
        tap(marrow.app is not None, "empty database: application 'marrow' is on the AT-SPI desktop")
        if marrow.app is None:
            return
        frame = marrow.frame()
        tap(frame is not None, "empty database: window frame 'Marrow'")

        title = wait_for(lambda: find(marrow.app, lambda a: a.getRole() == pyatspi.ROLE_LABEL
                                      and a.name == "No Patients Yet" and is_visible(a)))
        tap(title is not None, "empty database: the empty state 'No Patients Yet' is shown")

        menu = find(marrow.app, lambda a: a.name == "Main Menu"
                    and a.getRole() in (pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON))
        tap(menu is not None, "empty database: the main menu button has an accessible name",
            "roles: %s" % [role_name(a) for a in find_all(marrow.app, lambda a: a.name == "Main Menu")])

        tap(os.path.exists(database), "empty database: the database file was created")
        if os.path.exists(database):
            mode = os.stat(database).st_mode & 0o777
            tap(mode & 0o077 == 0, "empty database: the database file is private (mode %o)" % mode)
    finally:
        marrow.close()


def check_broken_database(binary, tmpdir):
    database = os.path.join(tmpdir, "broken.db")
    with open(database, "w") as f:
        f.write("this is not an SQLite database\n" * 64)
    marrow = Marrow(binary, database)
    try:
        tap(marrow.app is not None, "broken database: the program starts anyway")
        if marrow.app is None:
            return
        title = wait_for(lambda: find(marrow.app, lambda a: a.getRole() == pyatspi.ROLE_LABEL
                                      and a.name == "Could not open the database"
                                      and is_visible(a)))
        tap(title is not None, "broken database: the error page is shown")
        path = find(marrow.app, lambda a: a.getRole() == pyatspi.ROLE_LABEL and database in a.name)
        tap(path is not None, "broken database: the error names the file")
        tap(marrow.proc.poll() is None, "broken database: the program is still running")
    finally:
        marrow.close()


def check_filled_database(binary, seed, tmpdir):
    database = os.path.join(tmpdir, "filled.db")
    if not seed:
        skip("filled database: patient list", "MARROW_SEED_BIN not set")
        return
    seeded = subprocess.run([seed, "--seed-database", database],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    tap(seeded.returncode == 0, "filled database: seeded with sample patients", seeded.stdout)
    if seeded.returncode != 0:
        return

    marrow = Marrow(binary, database)
    try:
        tap(marrow.app is not None, "filled database: application 'marrow' is on the AT-SPI desktop")
        if marrow.app is None:
            return
        frame = marrow.frame()
        tap(frame is not None, "filled database: window frame 'Marrow'")

        patients = wait_for(lambda: find(marrow.app, lambda a: a.name == "Patients"
                                         and a.getRole() == pyatspi.ROLE_LIST and is_visible(a)))
        tap(patients is not None, "filled database: the list 'Patients' is shown",
            "named 'Patients': %s" % [role_name(a) for a in find_all(marrow.app,
                                                                     lambda a: a.name == "Patients")])

        name = wait_for(lambda: find(marrow.app, lambda a: patient_row(a, "Adebayo, Grace Funmilayo")))
        tap(name is not None, "filled database: a row shows 'Adebayo, Grace Funmilayo'")

        count = wait_for(lambda: find(marrow.app, lambda a: a.getRole() == pyatspi.ROLE_LABEL
                                      and a.name == "3 patients"))
        tap(count is not None, "filled database: the count label says '3 patients'")

        empty = find(marrow.app, lambda a: a.name == "No Patients Yet" and is_visible(a))
        tap(empty is None, "filled database: the empty state is not shown")

        check_search(marrow)

        # About, through the primary menu: click the menu button, then the
        # "About Marrow" item (both through the Action interface, P6).
        about = None
        how = ""
        try:
            button = wait_for(lambda: next(a for a in find_all(marrow.app, lambda a: a.name == "Main Menu")
                                           if a.queryAction().nActions > 0))
            if button is None:
                raise RuntimeError("no clickable 'Main Menu' button")
            do_action(button, "click")
            item = wait_for(lambda: find(marrow.app, lambda a: a.getRole() == pyatspi.ROLE_MENU_ITEM
                                         and a.name == "About Marrow"))
            if item is None:
                raise RuntimeError("no menu item 'About Marrow'")
            shortcuts = find(marrow.app, lambda a: a.getRole() == pyatspi.ROLE_MENU_ITEM
                             and a.name == "Keyboard Shortcuts")
            tap(shortcuts is not None, "filled database: the menu offers 'Keyboard Shortcuts'")
            do_action(item, "click")
            about = wait_for(lambda: next((w for w in marrow.app
                                           if w.getRole() == pyatspi.ROLE_FRAME and w.name == "About"),
                                          None))
            how = "top-level windows: %s" % [(role_name(w), w.name) for w in marrow.app]
        except Exception as e:  # noqa: BLE001
            how = repr(e)
        tap(about is not None, "filled database: the About window opens from the main menu", how)
    finally:
        marrow.close()


def check_demo(binary, tmpdir):
    # A new user opens the demo practice from the empty window: it lands in
    # a database of its own, and the real one stays empty.
    database = os.path.join(tmpdir, "real.db")
    data_home = os.path.join(tmpdir, "data-home")
    marrow = Marrow(binary, database, {"XDG_DATA_HOME": data_home})
    try:
        if marrow.app is None:
            tap(False, "demo: application 'marrow' is on the AT-SPI desktop")
            return
        button = wait_for(lambda: find(marrow.app, lambda a: a.getRole() == pyatspi.ROLE_PUSH_BUTTON
                                       # GTK 4.8 appends the label's own text to the name
                                       and (a.name or "").startswith("Explore the Demo Practice")
                                       and is_visible(a)))
        tap(button is not None, "demo: the empty window offers 'Explore the Demo Practice'",
            "buttons: %s" % [(role_name(a), a.name) for a in find_all(marrow.app, lambda a: "Demo" in (a.name or ""))])
        if button is None:
            return
        do_action(button, "click")

        count = wait_for(lambda: find(marrow.app, lambda a: a.getRole() == pyatspi.ROLE_LABEL
                                      and a.name == "44 patients"), timeout=60)
        tap(count is not None, "demo: a window lists the 44 patients of the demo practice",
            "labels: %s" % [a.name for a in find_all(marrow.app,
                                                      lambda a: a.getRole() == pyatspi.ROLE_LABEL)][:40])
        subtitle = find(marrow.app, lambda a: a.getRole() == pyatspi.ROLE_LABEL
                        and a.name == "Demo practice: fictional patients")
        tap(subtitle is not None, "demo: its title bar says the patients are fictional")
        demo_db = os.path.join(data_home, "marrow", "demo-practice.db")
        tap(os.path.exists(demo_db), "demo: the demo practice has a database of its own")
    finally:
        marrow.close()

    check = subprocess.run([os.environ.get("MARROW_CLI", "marrow-cli"), "stats", "--compact",
                            database], stdout=subprocess.PIPE, text=True)
    tap(check.returncode == 0 and '"patient":{"current":0' in check.stdout,
        "demo: the real database is still empty", check.stdout)


def main():
    binary = os.environ.get("MARROW_BIN")
    if not binary:
        print("1..0 # SKIP MARROW_BIN is not set")
        return 0
    seed = os.environ.get("MARROW_SEED_BIN")
    os.environ.pop("GTK_A11Y", None)

    tmpdir = tempfile.mkdtemp(prefix="marrow-e2e-")
    try:
        check_empty_database(binary, tmpdir)
        check_broken_database(binary, tmpdir)
        check_filled_database(binary, seed, tmpdir)
        check_demo(binary, tmpdir)
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)

    print("1..%d" % len(results))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
