/* marrow-entities.h: the record types of Marrow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Field names are the column names of domain-model.md section 4.
 */
#pragma once

#include "marrow-entity.h"

G_BEGIN_DECLS

extern const MarrowEntityDef marrow_entity_staff;
extern const MarrowEntityDef marrow_entity_patient;
extern const MarrowEntityDef marrow_entity_patient_weight;
extern const MarrowEntityDef marrow_entity_joint_case;
extern const MarrowEntityDef marrow_entity_prior_treatment;
extern const MarrowEntityDef marrow_entity_harvest;
extern const MarrowEntityDef marrow_entity_processing_run;
extern const MarrowEntityDef marrow_entity_processing_input;
extern const MarrowEntityDef marrow_entity_product_lot;
extern const MarrowEntityDef marrow_entity_qc_test;
extern const MarrowEntityDef marrow_entity_product_aliquot;
extern const MarrowEntityDef marrow_entity_injection;
extern const MarrowEntityDef marrow_entity_injection_product;
extern const MarrowEntityDef marrow_entity_injection_coinjectate;
extern const MarrowEntityDef marrow_entity_adverse_event;
extern const MarrowEntityDef marrow_entity_assessment;
extern const MarrowEntityDef marrow_entity_assessment_item;
extern const MarrowEntityDef marrow_entity_guidance_decision;
extern const MarrowEntityDef marrow_entity_limit_ack;

/* The codes allowed in adverse_event.serious_criteria, a comma-separated set */
extern const char * const marrow_ae_serious_criteria_values[];

G_END_DECLS
