/* marrow-sqlite-patient-search.h: the patient list, sorted and searched
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "marrow-record-list-model.h"
#include "marrow-sqlite-store.h"

G_BEGIN_DECLS

char                  *marrow_sqlite_patient_search_match (const char          *text);
MarrowRecordListModel *marrow_sqlite_patient_search       (MarrowSqliteStore   *store,
                                                           const char          *text,
                                                           MarrowPatientOrder   order,
                                                           GError             **error);

G_END_DECLS
