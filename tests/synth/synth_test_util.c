/*
 * synth_test_util.c - see synth_test_util.h.
 */
#include "synth_test_util.h"

#include <math.h>

double st_rms(const int16_t *s, size_t frames, unsigned channels, unsigned ch)
{
    double sum = 0;
    if (frames == 0)
        return 0;
    for (size_t i = 0; i < frames; i++) {
        double v = s[i * channels + ch] / 32768.0;
        sum += v * v;
    }
    return sqrt(sum / (double)frames);
}

static double correlation(const int16_t *s, size_t frames, unsigned channels, size_t lag)
{
    double xy = 0, xx = 0, yy = 0;
    for (size_t i = 0; i + lag < frames; i++) {
        double x = s[i * channels], y = s[(i + lag) * channels];
        xy += x * y, xx += x * x, yy += y * y;
    }
    return xx > 0 && yy > 0 ? xy / sqrt(xx * yy) : 0;
}

double st_pitch(const int16_t *s, size_t frames, unsigned channels, unsigned rate)
{
    size_t min_lag = rate / 2000, max_lag = rate / 50, best_lag = 0, lag;
    double best = 0, c[3];
    if (frames <= max_lag * 2 || st_rms(s, frames, channels, 0) < 1e-5)
        return 0;
    for (lag = min_lag; lag <= max_lag; lag++) {
        double r = correlation(s, frames, channels, lag);
        if (r > best)
            best = r;
    }
    /* the first local maximum that comes close to the best (not a multiple of the period) */
    for (lag = min_lag + 1; lag < max_lag; lag++) {
        double r = correlation(s, frames, channels, lag);
        if (r >= 0.9 * best && r >= correlation(s, frames, channels, lag - 1) &&
            r >= correlation(s, frames, channels, lag + 1)) {
            best_lag = lag;
            break;
        }
    }
    if (!best_lag)
        return 0;
    c[0] = correlation(s, frames, channels, best_lag - 1);
    c[1] = correlation(s, frames, channels, best_lag);
    c[2] = correlation(s, frames, channels, best_lag + 1);
    {
        double denom = c[0] - 2 * c[1] + c[2];
        double shift = denom != 0 ? 0.5 * (c[0] - c[2]) / denom : 0;
        return (double)rate / ((double)best_lag + shift);
    }
}

void st_harmonics(const int16_t *s, size_t frames, unsigned channels, unsigned rate, double f0, double *out,
                  unsigned count)
{
    double total = 0;
    for (unsigned h = 0; h < count; h++) {
        double w = 2 * 3.14159265358979323846 * f0 * (h + 1) / rate, coeff = 2 * cos(w), s1 = 0, s2 = 0;
        for (size_t i = 0; i < frames; i++) {
            double s0 = s[i * channels] + coeff * s1 - s2;
            s2 = s1, s1 = s0;
        }
        out[h] = sqrt(s1 * s1 + s2 * s2 - coeff * s1 * s2);
        total += out[h];
    }
    for (unsigned h = 0; h < count; h++)
        out[h] = total > 0 ? out[h] / total : 0;
}

double st_profile_distance(const double *a, const double *b, unsigned count)
{
    double d = 0;
    for (unsigned h = 0; h < count; h++)
        d += fabs(a[h] - b[h]);
    return d;
}
