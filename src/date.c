/* date.c - civil dates <-> day numbers (the algorithms of H. Hinnant). */
#include "date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

bool du_is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int du_days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && du_is_leap(y) ? 29 : days[m - 1];
}

du_date du_date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void du_date_ymd(du_date z, int *y, int *m, int *d)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

static bool du_digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool du_date_parse(const char *s, du_date *out)
{
    int y, m, d;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    if (!du_digits(s, 4, &y) || !du_digits(s + 5, 2, &m) || !du_digits(s + 8, 2, &d))
        return false;
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > du_days_in_month(y, m))
        return false;
    *out = du_date_from_ymd(y, m, d);
    return true;
}

void du_date_iso(du_date d, char out[static 11])
{
    int y, m, dd;
    du_date_ymd(d, &y, &m, &dd);
    unsigned uy = (unsigned)y % 10000u, um = (unsigned)m % 100u, ud = (unsigned)dd % 100u;
    out[0] = (char)('0' + uy / 1000);
    out[1] = (char)('0' + uy / 100 % 10);
    out[2] = (char)('0' + uy / 10 % 10);
    out[3] = (char)('0' + uy % 10);
    out[4] = '-';
    out[5] = (char)('0' + um / 10);
    out[6] = (char)('0' + um % 10);
    out[7] = '-';
    out[8] = (char)('0' + ud / 10);
    out[9] = (char)('0' + ud % 10);
    out[10] = '\0';
}

/* n in decimal, then the UTF-8 suffix, at o; returns the end. Renderers
 * print a date per cell and per line, where snprintf cost more than the
 * rest of the cell. */
static char *du_put_part(char *o, int n, const char *suffix)
{
    char tmp[16], *q = tmp + sizeof tmp;
    unsigned u = n < 0 ? 0u - (unsigned)n : (unsigned)n;
    do
        *--q = (char)('0' + u % 10);
    while (u /= 10);
    if (n < 0)
        *--q = '-';
    size_t k = (size_t)(tmp + sizeof tmp - q), s = strlen(suffix);
    memcpy(o, q, k);
    memcpy(o + k, suffix, s);
    return o + k + s;
}

void du_date_zh(du_date d, char out[static 32])
{
    int y, m, dd;
    du_date_ymd(d, &y, &m, &dd);
    char *o = du_put_part(out, y, "年");
    o = du_put_part(o, m, "月");
    *du_put_part(o, dd, "日") = '\0';
}

void du_date_zh_month(du_date d, char out[static 32])
{
    int y, m, dd;
    du_date_ymd(d, &y, &m, &dd);
    *du_put_part(du_put_part(out, y, "年"), m, "月") = '\0';
}

int64_t du_date_epoch(du_date d) { return (int64_t)d * 86400; }

du_date du_date_today(void)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        long long v = strtoll(sde, &end, 10);
        if (*end == '\0' && v >= 0)
            return (du_date)(v / 86400);
    }
    return (du_date)(time(NULL) / 86400);
}
