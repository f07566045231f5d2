#!/usr/bin/env python3
"""How long others' saves wait while `caseload import` runs (BENCHMARKS.md, "Others' saves
during a 100k import"). Usage: import_lock_wait.py BINARY [ROWS] [WORKDIR]

Makes a CSV of ROWS people (`caseload generate`, then exported with Python's sqlite3), imports it
into a file that already holds 1,000 people, and times `caseload update 5 lawyer=…` in a loop
until the import exits. Prints the longest and median wait."""
import os
import sqlite3
import subprocess
import sys
import time

binary = os.path.abspath(sys.argv[1])
rows = sys.argv[2] if len(sys.argv) > 2 else "100000"
work = sys.argv[3] if len(sys.argv) > 3 else "/tmp/caseload-lock-wait"
os.makedirs(work, exist_ok=True)
os.chdir(work)


def caseload(db, *args):
    return subprocess.run([binary, "--db", db, "--today", "2026-12-01", *args], capture_output=True)


def fresh(db):
    for suffix in ["", "-wal", "-shm"]:
        if os.path.exists(db + suffix):
            os.remove(db + suffix)


csv_path = f"import-{rows}.csv"
if not os.path.exists(csv_path):
    fresh("source.db")
    assert caseload("source.db", "generate", "--rows", rows, "--seed", "3").returncode == 0
    yn = lambda c: f"CASE WHEN {c} IS NULL THEN '' WHEN {c} = 1 THEN 'yes' ELSE 'no' END"
    columns = {
        "name": "d.name", "father_name": "d.father_name", "gender": "d.gender",
        "date_of_birth": "d.date_of_birth", "age": "d.age_at_arrest",
        "juvenile_claimed": yn("d.juvenile_claimed"), "pregnant": yn("d.pregnant"),
        "due_date": "d.due_date", "children_in_prison": "d.children_in_prison",
        "health": "d.health", "prison": "d.prison", "prisoner_number": "d.prisoner_number",
        "law": "c.law", "section": "c.section", "fir_number": "c.fir_number",
        "police_station": "c.police_station", "district": "c.district", "fir_date": "c.fir_date",
        "arrest_date": "c.arrest_date", "substance": "c.substance",
        "quantity_grams": "c.quantity_grams", "stage": "c.stage", "bail_status": "c.bail_status",
        "capital_charge": yn("c.capital_charge"), "previous_conviction": yn("c.previous_conviction"),
        "delay_by_defence": yn("c.delay_by_defence"), "first_offence": yn("c.first_offence"),
        "court": "c.court", "lawyer": "c.lawyer", "notes": "d.notes",
    }
    import csv
    conn = sqlite3.connect("source.db")
    query = (f"SELECT {', '.join(columns.values())} FROM detainees d "
             "JOIN cases c ON c.detainee_id = d.id ORDER BY d.id")
    with open(csv_path, "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(columns.keys())
        writer.writerows(("" if v is None else v for v in row) for row in conn.execute(query))
    conn.close()

fresh("w.db")
assert caseload("w.db", "generate", "--rows", "1000").returncode == 0
start = time.monotonic()
importer = subprocess.Popen([binary, "--db", "w.db", "--today", "2026-12-01", "import", csv_path],
                            stdout=subprocess.DEVNULL)
waits, failed, i = [], 0, 0
while importer.poll() is None:
    t = time.monotonic()
    failed += caseload("w.db", "update", "5", f"lawyer=L{i}").returncode != 0
    waits.append(time.monotonic() - t)
    i += 1
total = time.monotonic() - start
assert importer.returncode == 0, importer.returncode
waits.sort()
print(f"import {total:.1f} s; {len(waits)} updates during it; longest wait {waits[-1]:.2f} s; "
      f"median {waits[len(waits) // 2]:.2f} s; failed {failed}")
