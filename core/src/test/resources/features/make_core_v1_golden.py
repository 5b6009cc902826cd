#!/usr/bin/env python3
"""Golden values for feature set core_v1, computed independently of the Java code.

A from-the-definitions implementation in 50-digit decimal arithmetic (no incremental tricks: windows are
sliced, averages recomputed from their definitions), so that the Java online state, the Java batch stream
and the Spark job can all be checked against the same expected values (STYLE.md habit 9).

Writes, next to this script:
  core_v1_golden_bars.csv      the input bars, in the pipeline's bar CSV format (one symbol, GOLD)
  core_v1_golden_expected.csv  epoch_micros, then every core_v1 input, then every reference column

Run: python3 make_core_v1_golden.py   (Python 3.9+, standard library only; deterministic)
"""
import csv
import datetime as dt
import random
from decimal import Decimal, getcontext
from pathlib import Path
from zoneinfo import ZoneInfo

getcontext().prec = 50
HERE = Path(__file__).resolve().parent
NY = ZoneInfo("America/New_York")
D = Decimal
NAN = None  # undefined


def bars():
    """48 hourly bars from Saturday 2024-03-09 15:00Z across the New York DST start (2024-03-10 07:00Z)."""
    rnd = random.Random(20240310)
    start = dt.datetime(2024, 3, 9, 15, 0, tzinfo=dt.timezone.utc)
    close = 100.0
    out = []
    for i in range(48):
        ts = start + dt.timedelta(hours=i)
        open_ = round(close * (1 + rnd.uniform(-0.004, 0.004)), 2)
        close = round(open_ * (1 + rnd.uniform(-0.02, 0.02)), 2)
        high = round(max(open_, close) + rnd.uniform(0, 0.8), 2)
        low = round(min(open_, close) - rnd.uniform(0, 0.8), 2)
        volume = None if i in (3, 7) else rnd.randint(1000, 9000)
        out.append((ts, open_, high, low, close, volume))
    # A flat stretch and an exact repeat, so that zero changes and true ranges of gaps occur.
    ts, o, h, l, c, v = out[30]
    out[31] = (out[31][0], c, c, c, c, v)
    return out


def fmt(x):
    return "NaN" if x is None else repr(float(x))


def mean(xs):
    return sum(xs, D(0)) / len(xs)


def pop_std(xs):
    m = mean(xs)
    return (sum(((x - m) ** 2 for x in xs), D(0)) / len(xs)).sqrt()


def sample_std(xs):
    m = mean(xs)
    return (sum(((x - m) ** 2 for x in xs), D(0)) / (len(xs) - 1)).sqrt()


def sma(xs, n, t):
    return mean(xs[t - n + 1:t + 1]) if t + 1 >= n else None


def ema_series(xs, n):
    """EMA(n), alpha 2/(n+1), seeded with the SMA of the first n values; None before. xs may hold None."""
    alpha = D(2) / D(n + 1)
    out, first = [], None
    for t, x in enumerate(xs):
        if x is None:
            out.append(None)
            continue
        if first is None:
            first = t
        k = t - first + 1
        if k < n:
            out.append(None)
        elif k == n:
            out.append(mean(xs[first:t + 1]))
        else:
            out.append(out[-1] + alpha * (x - out[-1]))
    return out


def wilder_series(xs, n):
    """Wilder(n): first = mean of the first n inputs, then (prev*(n-1)+x)/n. xs may start with None."""
    out, first = [], None
    for t, x in enumerate(xs):
        if x is None:
            out.append(None)
            continue
        if first is None:
            first = t
        k = t - first + 1
        if k < n:
            out.append(None)
        elif k == n:
            out.append(mean(xs[first:t + 1]))
        else:
            out.append((out[-1] * (n - 1) + x) / n)
    return out


def sin_cos(x):
    """sin and cos of a Decimal angle by their Taylor series (|x| < 7)."""
    s, c = D(0), D(0)
    term = D(1)
    for k in range(0, 80):
        # term = x^k / k!
        if k % 4 == 0:
            c += term
        elif k % 4 == 1:
            s += term
        elif k % 4 == 2:
            c -= term
        else:
            s -= term
        term = term * x / (k + 1)
    return s, c


PI = D("3.14159265358979323846264338327950288419716939937510")


def main():
    rows = bars()
    closes = [D(repr(r[4])) for r in rows]
    highs = [D(repr(r[2])) for r in rows]
    lows = [D(repr(r[3])) for r in rows]
    vols = [None if r[5] is None else D(r[5]) for r in rows]
    n_bars = len(rows)
    logret1 = [None] + [(closes[t] / closes[t - 1]).ln() for t in range(1, n_bars)]
    ema20 = ema_series(closes, 20)
    ema12 = ema_series(closes, 12)
    ema26 = ema_series(closes, 26)
    line = [None if a is None or b is None else a - b for a, b in zip(ema12, ema26)]
    signal = ema_series(line, 9)
    changes = [None] + [closes[t] - closes[t - 1] for t in range(1, n_bars)]
    avg_gain = wilder_series([None if c is None else max(c, D(0)) for c in changes], 14)
    avg_loss = wilder_series([None if c is None else max(-c, D(0)) for c in changes], 14)
    tr = [highs[0] - lows[0]] + [max(highs[t] - lows[t], abs(highs[t] - closes[t - 1]), abs(lows[t] - closes[t - 1]))
                                 for t in range(1, n_bars)]
    atr = wilder_series(tr, 14)

    def rsi(t):
        g, l = avg_gain[t], avg_loss[t]
        if g is None:
            return None
        if l == 0:
            return D(50) if g == 0 else D(100)
        return D(100) - D(100) / (1 + g / l)

    def bands(t):
        if t + 1 < 20:
            return None, None, None
        w = closes[t - 19:t + 1]
        m, s = mean(w), pop_std(w)
        return m, m + 2 * s, m - 2 * s

    inputs_header = ["logret_1", "logret_5", "logret_20", "realized_vol_20", "sma_20_dist", "ema_20_dist", "rsi_14",
                     "macd_12_26_rel", "macd_signal_9_rel", "macd_hist_rel", "bb_pct_b_20_2", "bb_bandwidth_20_2",
                     "atr_14_rel", "volume_z_20", "volume_known", "range_rel", "dow_sin", "dow_cos", "tod_sin",
                     "tod_cos"]
    refs_header = ["close", "sma_20", "ema_20", "rsi_14", "macd_12_26", "macd_signal_9", "bb_upper_20_2",
                   "bb_lower_20_2", "atr_14", "logret_1"]
    expected = []
    for t in range(n_bars):
        c = closes[t]

        def logret(k):
            return (c / closes[t - k]).ln() if t >= k else None

        rv = sample_std(logret1[t - 19:t + 1]) if t >= 20 else None
        s20 = sma(closes, 20, t)
        mid, up, lo = bands(t)
        if up is None:
            pct_b = bw = None
        else:
            pct_b = D("0.5") if up == lo else (c - lo) / (up - lo)
            bw = (up - lo) / mid
        vz = None
        if t + 1 >= 20:
            w = vols[t - 19:t + 1]
            if all(v is not None for v in w):
                sd = sample_std(w)
                vz = None if sd == 0 else (vols[t] - mean(w)) / sd
        local = rows[t][0].astimezone(NY)
        dow = local.weekday()  # Monday = 0
        minute = local.hour * 60 + local.minute
        dsin, dcos = sin_cos(2 * PI * dow / 7)
        tsin, tcos = sin_cos(2 * PI * minute / 1440)

        def rel(x):
            return None if x is None else x / c

        hist = None if line[t] is None or signal[t] is None else line[t] - signal[t]
        inputs = [logret(1), logret(5), logret(20), rv,
                  None if s20 is None else c / s20 - 1, None if ema20[t] is None else c / ema20[t] - 1, rsi(t),
                  rel(line[t]), rel(signal[t]), rel(hist), pct_b, bw, rel(atr[t]), vz,
                  D(0) if vols[t] is None else D(1), (highs[t] - lows[t]) / c, dsin, dcos, tsin, tcos]
        refs = [c, s20, ema20[t], rsi(t), line[t], signal[t], up, lo, atr[t], logret(1)]
        micros = int(rows[t][0].timestamp()) * 1_000_000
        expected.append([str(micros)] + [fmt(x) for x in inputs] + [fmt(x) for x in refs])

    with open(HERE / "core_v1_golden_bars.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["timestamp", "symbol", "open", "high", "low", "close", "volume"])
        for ts, o, h, l, c, v in rows:
            w.writerow([ts.strftime("%Y-%m-%dT%H:%M:%SZ"), "GOLD", repr(o), repr(h), repr(l), repr(c),
                        "" if v is None else v])
    with open(HERE / "core_v1_golden_expected.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["epoch_micros"] + inputs_header + ["ref_" + r for r in refs_header])
        w.writerows(expected)


if __name__ == "__main__":
    main()
