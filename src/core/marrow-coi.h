/* marrow-coi.h: chain-of-identity identifiers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See docs/chain-of-identity.md for the layout and the check character.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* FFFFF YY SSSSSS C */
#define MARROW_COI_FACILITY_LENGTH  5
#define MARROW_COI_BASE_LENGTH      14
#define MARROW_COI_SEQUENCE_MAX     999999
/* n of the -P{n} and -L{n} suffixes: 1..999, no leading zero */
#define MARROW_COI_CHILD_MAX        999
/* NN of the aliquot suffix: two digits, 01..99 (product_aliquot.aliquot_no) */
#define MARROW_COI_ALIQUOT_MAX      99

/**
 * MarrowCoiKind:
 * @MARROW_COI_KIND_BASE: `FFFFFYYSSSSSSC`, issued for a harvest or a received allogeneic lot
 * @MARROW_COI_KIND_RUN: `{base}-P{n}`, a processing run
 * @MARROW_COI_KIND_LOT: `{base}-L{n}`, a product lot
 * @MARROW_COI_KIND_ALIQUOT: `{base}-L{n}-{NN}`, an aliquot of a lot
 */
typedef enum
{
  MARROW_COI_KIND_BASE,
  MARROW_COI_KIND_RUN,
  MARROW_COI_KIND_LOT,
  MARROW_COI_KIND_ALIQUOT,
} MarrowCoiKind;

/**
 * MarrowCoiParts:
 * @kind: which of the four shapes the identifier has
 * @base: the 14-character base including its check character, NUL-terminated
 * @run_no: n of `-P{n}`, 0 unless @kind is %MARROW_COI_KIND_RUN
 * @lot_no: n of `-L{n}`, 0 unless @kind is LOT or ALIQUOT
 * @aliquot_no: NN of `-L{n}-{NN}`, 0 unless @kind is ALIQUOT
 */
typedef struct
{
  MarrowCoiKind kind;
  char          base[MARROW_COI_BASE_LENGTH + 1];
  guint         run_no;
  guint         lot_no;
  guint         aliquot_no;
} MarrowCoiParts;

char      marrow_coi_check_character (const char      *text,
                                      gssize           length);
gboolean  marrow_coi_check_passes    (const char      *text,
                                      gssize           length);
char     *marrow_coi_make_base       (const char      *facility,
                                      guint            year,
                                      guint            sequence,
                                      GError         **error);
gboolean  marrow_coi_validate        (const char      *text,
                                      GError         **error);
gboolean  marrow_coi_parse           (const char      *text,
                                      const char      *field,
                                      MarrowCoiParts  *parts,
                                      GError         **error);
char     *marrow_coi_normalize       (const char      *text);
char     *marrow_coi_derive_run      (const char      *base,
                                      guint            run_no,
                                      GError         **error);
char     *marrow_coi_derive_lot      (const char      *base,
                                      guint            lot_no,
                                      GError         **error);
char     *marrow_coi_derive_aliquot  (const char      *lot_coi,
                                      guint            aliquot_no,
                                      GError         **error);

G_END_DECLS
