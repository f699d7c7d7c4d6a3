/* newentry.h - `duban new progress`: append a pre-filled progress entry
 * skeleton for an editor to complete. */
#ifndef DU_NEWENTRY_H
#define DU_NEWENTRY_H

#include "date.h"
#include "diag.h"

/* Append an entry for item ref (PLAN-ID/ITEM-ID) to
 * root/content/progress/PLAN-ID.yaml. unit may be NULL. Checks that the
 * item and unit exist. Prints the file written on stdout. Returns 0, 1 when
 * the reference or unit is unknown, 2 on I/O errors. */
int du_new_progress(const char *root, const char *ref, const char *unit, du_date date, du_diag *d);

#endif
