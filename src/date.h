/* date.h - calendar dates as day numbers (days since 1970-01-01), parsing
 * YYYY-MM-DD strictly, and the zh-CN / en forms the output shows. */
#ifndef DU_DATE_H
#define DU_DATE_H

#include <stdbool.h>
#include <stdint.h>

typedef int32_t du_date;

#define DU_DATE_NONE INT32_MIN

/* Parse "YYYY-MM-DD" (exactly). Returns false for malformed text or a day
 * that does not exist (2023-02-29, 2024-13-01). */
bool du_date_parse(const char *s, du_date *out);
du_date du_date_from_ymd(int y, int m, int d);
void du_date_ymd(du_date d, int *y, int *m, int *dd);
/* "2025-03-31" into out (at least 11 bytes). */
void du_date_iso(du_date d, char out[static 11]);
/* "2025年3月31日" / "2025年3月" into out (at least 32 bytes). */
void du_date_zh(du_date d, char out[static 32]);
void du_date_zh_month(du_date d, char out[static 32]);
bool du_is_leap(int y);
int du_days_in_month(int y, int m);
/* Today from SOURCE_DATE_EPOCH when set (and valid), else the clock. */
du_date du_date_today(void);
/* Seconds since the epoch at midnight UTC of d. */
int64_t du_date_epoch(du_date d);

#endif
