/* marrow-sqlite-schema-decision.c: the table of guidance decisions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Frozen history, like marrow-sqlite-schema-v1.c: this text is part of the
 * migration that added the table and must never change once a database was
 * created with it.  Same conventions as schema v1 (columns in the order of
 * marrow-entities.c, then the common columns; coded values, the date and
 * instant shapes and the required fields as CHECKs; an index on every
 * foreign key), with enumerations written as OR chains from the start
 * (marrow-sqlite-in-lists.c says why).  Two rules of the core are repeated
 * as a second line of defence: an override has a reason, and the two JSON
 * texts fit in an archive field (64 KiB characters).
 * tests/test-schema.c compares the table with the entity description.
 */
#include "config.h"

#include "marrow-sqlite-schema-decision.h"

#define RECOMMENDATIONS(x) \
  "(" x " = 'HOLD_CLINICAL_REVIEW' OR " x " = 'CONSIDER_REPEAT' OR " \
  x " = 'PROTOCOL_SECOND_DOSE_DUE' OR " x " = 'REPEAT_NOT_SUPPORTED' OR " \
  x " = 'NO_REPEAT_NEEDED' OR " x " = 'MONITOR' OR " x " = 'INSUFFICIENT_DATA')"

#define REQUIRED(x) \
  "    CHECK (" x " IS NOT NULL OR record_status IN ('draft', 'entered_in_error')),\n"

const char marrow_sqlite_schema_guidance_decision[] =
  "CREATE TABLE guidance_decision (\n"
  "  id TEXT PRIMARY KEY CHECK (length(id) = 36),\n"
  "  joint_case_id TEXT REFERENCES joint_case(id)\n"
  REQUIRED ("joint_case_id")
  "  as_of TEXT CHECK (as_of IS date(as_of, '+0 days'))\n"
  REQUIRED ("as_of")
  "  decision TEXT CHECK (decision = 'accept' OR decision = 'override')\n"
  REQUIRED ("decision")
  "  reason TEXT,\n"
  "  recommendation TEXT CHECK " RECOMMENDATIONS ("recommendation") "\n"
  REQUIRED ("recommendation")
  "  classification TEXT\n"
  "    CHECK (classification = 'TOO_EARLY' OR classification = 'NO_RESPONSE_YET' OR\n"
  "           classification = 'RESPONDER' OR classification = 'PARTIAL' OR\n"
  "           classification = 'NON_RESPONDER' OR classification = 'WORSENED' OR\n"
  "           classification = 'INSUFFICIENT_DATA')\n"
  REQUIRED ("classification")
  "  chosen_action TEXT CHECK " RECOMMENDATIONS ("chosen_action") ",\n"
  "  protocol_id TEXT\n"
  REQUIRED ("protocol_id")
  "  protocol_version TEXT\n"
  REQUIRED ("protocol_version")
  "  inputs_json TEXT CHECK (length(inputs_json) <= 65536)\n"
  REQUIRED ("inputs_json")
  "  evaluation_json TEXT CHECK (length(evaluation_json) <= 65536)\n"
  REQUIRED ("evaluation_json")
  "  decided_by TEXT REFERENCES staff(id)\n"
  REQUIRED ("decided_by")
  "  decided_at TEXT\n"
  "    CHECK (decided_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]Z'\n"
  "           AND substr(decided_at, 1, 10) IS date(substr(decided_at, 1, 10), '+0 days'))\n"
  REQUIRED ("decided_at")
  "  created_at TEXT NOT NULL,\n"
  "  created_by TEXT NOT NULL REFERENCES staff(id),\n"
  "  updated_at TEXT NOT NULL,\n"
  "  updated_by TEXT NOT NULL REFERENCES staff(id),\n"
  "  row_version INTEGER NOT NULL DEFAULT 1 CHECK (row_version >= 1),\n"
  "  record_status TEXT NOT NULL\n"
  "    CHECK (record_status = 'draft' OR record_status = 'final' OR record_status = 'signed' OR\n"
  "           record_status = 'amended' OR record_status = 'entered_in_error'),\n"
  "  error_reason TEXT,\n"
  "  CHECK ((record_status = 'entered_in_error') = (error_reason IS NOT NULL)),\n"
  "  CHECK (decision IS NOT 'override' OR coalesce(trim(reason), '') <> ''\n"
  "         OR record_status IN ('draft', 'entered_in_error'))\n"
  ");\n"
  "CREATE INDEX guidance_decision_joint_case_id_idx ON guidance_decision (joint_case_id);\n"
  "CREATE INDEX guidance_decision_decided_by_idx ON guidance_decision (decided_by);\n";
