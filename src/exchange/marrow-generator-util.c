/* marrow-generator-util.c: seeded random numbers, ids and dates for the generator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The generator must give the same practice for the same seed on every
 * machine, so it uses its own generator (xoshiro256** by Blackman and Vigna,
 * seeded through splitmix64) instead of GRand or the C library, and it
 * computes dates from day numbers without time-zone data.
 */
#define G_LOG_DOMAIN "marrow-generator"

#include "config.h"

#include "marrow-generator-private.h"

static guint64
splitmix64 (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

/* Each (seed, stream) pair gives an independent sequence: the generator
 * gives every patient its own stream, so that a patient's choices do not
 * depend on how many numbers the patients before used. */
void
marrow_gen_rng_init (MarrowGenRng *rng,
                     guint64       seed,
                     guint64       stream)
{
  guint64 state = seed ^ (stream * G_GUINT64_CONSTANT (0xd1342543de82ef95));

  for (guint i = 0; i < 4; i++)
    rng->s[i] = splitmix64 (&state);
}

guint64
marrow_gen_rng_next (MarrowGenRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

/* [0, 1) */
double
marrow_gen_rng_double (MarrowGenRng *rng)
{
  return (double)(marrow_gen_rng_next (rng) >> 11) * (1.0 / 9007199254740992.0);
}

/* [lo, hi) */
double
marrow_gen_rng_uniform (MarrowGenRng *rng,
                        double        lo,
                        double        hi)
{
  return lo + (hi - lo) * marrow_gen_rng_double (rng);
}

/* [lo, hi], both included */
gint64
marrow_gen_rng_int (MarrowGenRng *rng,
                    gint64        lo,
                    gint64        hi)
{
  g_assert (hi >= lo);
  return lo + (gint64)(marrow_gen_rng_next (rng) % (guint64)(hi - lo + 1));
}

gboolean
marrow_gen_rng_chance (MarrowGenRng *rng,
                       double        probability)
{
  return marrow_gen_rng_double (rng) < probability;
}

/* About normal with mean 0 and standard deviation @sd (Irwin–Hall: the sum
 * of four uniform numbers), bounded to ±3.5 sd; no libm needed */
double
marrow_gen_rng_noise (MarrowGenRng *rng,
                      double        sd)
{
  double sum = 0;

  for (guint i = 0; i < 4; i++)
    sum += marrow_gen_rng_double (rng);
  /* the sum has mean 2 and standard deviation √(4/12) */
  return (sum - 2.0) * 1.7320508075688772 * sd;
}

/* A version 4 UUID (RFC 4122) made of seeded numbers */
char *
marrow_gen_rng_uuid (MarrowGenRng *rng)
{
  guint8 b[16];
  guint64 hi = marrow_gen_rng_next (rng);
  guint64 lo = marrow_gen_rng_next (rng);

  for (guint i = 0; i < 8; i++)
    {
      b[i] = (guint8)(hi >> (56 - 8 * i));
      b[8 + i] = (guint8)(lo >> (56 - 8 * i));
    }
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                          b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

/* The proleptic Gregorian date of a day number (days since 1970-01-01),
 * after Howard Hinnant's civil_from_days */
void
marrow_gen_civil (gint64  day,
                  int    *year,
                  int    *month,
                  int    *mday)
{
  gint64 z = day + 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  gint64 d = doy - (153 * mp + 2) / 5 + 1;
  gint64 m = mp < 10 ? mp + 3 : mp - 9;
  gint64 y = yoe + era * 400 + (m <= 2 ? 1 : 0);

  *year = (int)y;
  *month = (int)m;
  *mday = (int)d;
}

/* YYYY-MM-DD */
char *
marrow_gen_date_text (gint64 day)
{
  int y, m, d;

  marrow_gen_civil (day, &y, &m, &d);
  return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
}

/* YYYY-MM, a partial date */
char *
marrow_gen_month_text (gint64 day)
{
  int y, m, d;

  marrow_gen_civil (day, &y, &m, &d);
  return g_strdup_printf ("%04d-%02d", y, m);
}

/* @day, or the Monday after it when it falls on a weekend: the clinic
 * treats and sees patients on weekdays */
gint64
marrow_gen_workday (gint64 day)
{
  /* 1970-01-01 was a Thursday; 0 = Monday */
  int weekday = (int)(((day % 7) + 7 + 3) % 7);

  return weekday == 5 ? day + 2 : weekday == 6 ? day + 1 : day;
}

gint64
marrow_gen_day_of (gint64 seconds)
{
  return seconds >= 0 ? seconds / MARROW_GEN_DAY
                      : -((-seconds + MARROW_GEN_DAY - 1) / MARROW_GEN_DAY);
}

/* YYYY-MM-DDTHH:MM:SS.000Z */
char *
marrow_gen_instant_text (gint64 seconds)
{
  gint64 day = marrow_gen_day_of (seconds);
  gint64 rest = seconds - day * MARROW_GEN_DAY;
  int y, m, d;

  marrow_gen_civil (day, &y, &m, &d);
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.000Z", y, m, d,
                          (int)(rest / 3600), (int)(rest / 60 % 60), (int)(rest % 60));
}

/* @value rounded to @decimals places (tens, hundreds … when negative), half
 * away from zero */
double
marrow_gen_round (double value,
                  int    decimals)
{
  double unit = 1;

  for (int i = 0; i < ABS (decimals); i++)
    unit *= 10;
  if (decimals < 0)
    return (double)(gint64)(value / unit + (value >= 0 ? 0.5 : -0.5)) * unit;
  return (double)(gint64)(value * unit + (value >= 0 ? 0.5 : -0.5)) / unit;
}

/* A whole number of minutes between @lo and @hi, in seconds */
gint64
marrow_gen_minutes (MarrowGenRng *rng,
                    gint64        lo,
                    gint64        hi)
{
  return marrow_gen_rng_int (rng, lo, hi) * MARROW_GEN_MINUTE;
}

double
marrow_gen_clamp (double value,
                  double lo,
                  double hi)
{
  return value < lo ? lo : value > hi ? hi : value;
}
