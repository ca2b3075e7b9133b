"""Synthetic referral rows: working relationships per field and period, drawn vectorised."""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from netzwerk.synth._actors import _Actors
from netzwerk.synth._params import (
    _EXTRA_FIELDS,
    _FIELD_POPULARITY,
    _RECEIVE,
    _ROWS_PER_RELATIONSHIP,
    _SHARE_MET,
    BRIDGE,
    FIELDS,
    GAP_SECTORS,
    SECTORS,
    SOURCE_ID,
    UNREACHABLE_FIELD,
)

# ---------------------------------------------------------------------------------------------
# Referrals (vectorised)


def _make_referrals(
    rng: np.random.Generator,
    actors: _Actors,
    part: dict[str, np.ndarray],
    n_rows: int,
    y0: int,
    y1: int,
) -> dict[str, np.ndarray]:
    """Referral rows as integer arrays: from, to, field, period code, count (-1 = empty).

    Period code ``p`` < ``ny`` is the year ``y0 + p``; ``p >= ny`` is quarter
    ``(p - ny) % 4 + 1`` of year ``y0 + (p - ny) // 4``. ``part`` is the participation
    (arrays ``event``, ``actor``): most relationships run between actors that meet at events.
    """
    n = len(actors.ids)
    ny = y1 - y0 + 1
    n_fields = len(FIELDS)
    f_unreach = FIELDS.index(UNREACHABLE_FIELD)
    gap_a, gap_b = (SECTORS.index(s) for s in GAP_SECTORS)
    bridge = actors.index[BRIDGE]
    group_idx = np.flatnonzero(actors.group)
    eligible = ~actors.aggregate & ~actors.group
    send_w = actors.sector_weight(4) * rng.lognormal(0.0, 1.0, size=n) * eligible
    recv_base = rng.lognormal(0.0, 1.0, size=n) * eligible
    # the planted bridge, an independent counselling centre, is a busy referral partner too
    # (90th percentile of the welfare organisations' sending and of all receiving weights), so
    # it stays among the top brokers by weighted betweenness once referrals follow event ties
    welfare = actors.sector_is("wohlfahrt") & eligible
    send_w[bridge] = np.quantile(send_w[welfare], 0.9)
    recv_base[bridge] = np.quantile(recv_base[eligible], 0.9)
    affinity = np.array([_RECEIVE.get(s, (0.0,) * n_fields) for s in SECTORS], dtype=float)
    recv_w = affinity[actors.sector_code] * recv_base[:, None]  # actors x fields
    quarterly = rng.random(n) < 0.3  # these senders report per quarter
    send_cdf = np.cumsum(send_w)
    recv_cdf = np.cumsum(recv_w, axis=0)
    field_p = np.array(_FIELD_POPULARITY) / np.sum(_FIELD_POPULARITY)
    # further fields of a relationship: by the receiving sector's affinity and field popularity
    extra_cdf = np.cumsum(affinity * field_p, axis=1)
    extra_cdf /= np.where(extra_cdf[:, -1:] > 0, extra_cdf[:, -1:], 1.0)

    # who meets whom: actors x actors (shared events), and per field the running sum of the
    # receivers' weights along each sender's row, to draw a partner the sender meets
    n_ev = int(part["event"].max(initial=-1)) + 1
    incidence = sp.csr_matrix(
        (np.ones(part["actor"].size), (part["event"], part["actor"])), shape=(n_ev, n)
    )
    meets = (incidence.T @ incidence).tocsr()
    meets.setdiag(0)
    meets.eliminate_zeros()
    meets.sort_indices()
    met_ptr, met_idx = meets.indptr, meets.indices
    met_cum = np.cumsum(recv_w[met_idx].T, axis=1)  # fields x ties, one running sum per field

    def draw(cdf: np.ndarray, size: int) -> np.ndarray:
        return np.minimum(np.searchsorted(cdf, rng.random(size) * cdf[-1], side="right"), n - 1)

    def draw_met(frm: np.ndarray, fld: np.ndarray) -> np.ndarray:
        """A partner each sender meets at events, by receiving weight in the field; -1 if none."""
        lo, hi = met_ptr[frm], met_ptr[frm + 1]
        to = np.full(frm.size, -1)
        u = rng.random(frm.size)
        for f in range(n_fields):
            sel = np.flatnonzero((fld == f) & (hi > lo))
            cum = met_cum[f]
            base = np.where(lo[sel] > 0, cum[np.maximum(lo[sel] - 1, 0)], 0.0)
            span = cum[hi[sel] - 1] - base
            pos = np.searchsorted(cum, base + u[sel] * span, side="right")
            pos = np.clip(pos, lo[sel], hi[sel] - 1)
            to[sel] = np.where(span > 0, met_idx[pos], -1)
        return to

    # explicit relationships first: the bridged group with the bridge, and MSOs sending in the
    # unreachable field (so that "no MSO receives" is not just "no MSO takes part")
    exp_from, exp_to, exp_field = [], [], []
    health = np.flatnonzero(recv_w[:, f_unreach] > 0)
    msos = np.flatnonzero(actors.sector_is("mso") & eligible)
    for m in msos[: max(3, msos.size // 10)]:  # first, so that even a few rows include them
        exp_from.append(m)
        exp_to.append(health[rng.integers(health.size)])
        exp_field.append(f_unreach)
    for g in group_idx:
        exp_from += [g, bridge, g]
        exp_to += [bridge, g, group_idx[(np.searchsorted(group_idx, g) + 1) % group_idx.size]]
        exp_field += [
            FIELDS.index(rng.choice(["aufenthalt", "soziales", "arbeit"])),
            FIELDS.index(rng.choice(["deutscherwerb", "teilhabe", "familie"])),
            FIELDS.index("teilhabe"),
        ]
    batches = [(np.array(exp_from), np.array(exp_to), np.array(exp_field))]

    keys_all = np.empty(0, dtype=np.int64)
    cols: dict[str, list[np.ndarray]] = {
        name: [np.empty(0, dtype=np.int64)] for name in ("from", "to", "field", "period")
    }
    total = 0
    rows_per_relationship = _ROWS_PER_RELATIONSHIP  # first guess, then measured per batch
    for _attempt in range(60):
        if total >= n_rows:
            break
        explicit = bool(batches)
        if explicit:
            frm, to, fld = batches.pop()
        else:
            m = max(64, int(1.05 * (n_rows - total) / rows_per_relationship))
            fld = rng.choice(n_fields, size=m, p=field_p)
            frm = draw(send_cdf, m)
            to = np.empty(m, dtype=int)
            for f in range(n_fields):
                sel = fld == f
                to[sel] = draw(recv_cdf[:, f], int(sel.sum()))
            met = rng.random(m) < _SHARE_MET
            to_met = draw_met(frm[met], fld[met])
            # a sender who meets nobody receiving in the field keeps the partner drawn as above
            to[met] = np.where(to_met >= 0, to_met, to[met])
            sec_f, sec_t = actors.sector_code[frm], actors.sector_code[to]
            ok = (
                (frm != to)
                & (send_w[frm] > 0)
                & (recv_w[to, fld] > 0)
                & ~((sec_f == gap_a) & (sec_t == gap_b))
                & ~((sec_f == gap_b) & (sec_t == gap_a))
            )
            frm, to, fld = frm[ok], to[ok], fld[ok]
        # each relationship runs for a stretch of years (or quarters)
        k = frm.size
        q = quarterly[frm]
        start_year = rng.integers(0, ny, size=k)
        run_years = np.minimum(1 + rng.geometric(0.4, size=k) - 1, ny - start_year)
        run_years = np.maximum(run_years, 1)
        start = np.where(q, start_year * 4 + rng.integers(0, 4, size=k), start_year)
        length = np.where(q, np.maximum(1, run_years * 4 - rng.integers(0, 4, size=k)), run_years)
        length = np.minimum(length, np.where(q, 4 * ny, ny) - start)
        # ... and covers its field plus 0-3 further ones in which the receiver takes referrals
        # (a field drawn twice counts once)
        n_extra = 0 if explicit else np.minimum(rng.poisson(_EXTRA_FIELDS, size=k), 3)
        extra = np.repeat(np.arange(k), n_extra)
        cdf = extra_cdf[actors.sector_code[to[extra]]]
        extra_fld = (rng.random(extra.size)[:, None] >= cdf).sum(axis=1)
        keep = recv_w[to[extra], np.minimum(extra_fld, n_fields - 1)] > 0
        which = np.concatenate([np.arange(k), extra[keep]])
        fld = np.concatenate([fld, extra_fld[keep]])
        # rows stay grouped by relationship, so cutting the last batch to n_rows drops whole
        # relationships (all their fields), not further fields only
        grouped = np.argsort(which, kind="stable")
        which, fld = which[grouped], fld[grouped]
        frm, to, q, start, length = frm[which], to[which], q[which], start[which], length[which]
        rel = np.repeat(np.arange(which.size), length)
        offset = np.arange(rel.size) - np.repeat(np.cumsum(length) - length, length)
        p = start[rel] + offset
        period = np.where(q[rel], ny + p, p)
        f_rows, t_rows, fl_rows = frm[rel], to[rel], fld[rel]
        keys = ((f_rows.astype(np.int64) * n + t_rows) * n_fields + fl_rows) * (5 * ny) + period
        merged = np.concatenate([keys_all, keys])
        _, first = np.unique(merged, return_index=True)
        fresh = np.zeros(merged.size, dtype=bool)
        fresh[first] = True
        new = fresh[keys_all.size :]
        keys_all = np.concatenate([keys_all, keys[new]])
        for name, values in zip(cols, (f_rows, t_rows, fl_rows, period), strict=True):
            cols[name].append(values[new])
        total += int(new.sum())
        if not explicit and new.any():
            rows_per_relationship = max(0.5, int(new.sum()) / m)
    if total < n_rows:
        raise ValueError(
            f"n_referral_rows={n_rows} is more than this city's actors can plausibly have; "
            "use more actors or fewer referral rows"
        )
    out = {name: np.concatenate(values)[:n_rows] for name, values in cols.items()}
    period = out.pop("period")
    out["year"] = np.where(period >= ny, (period - ny) // 4, period)  # offset from y0
    out["quarter"] = np.where(period >= ny, (period - ny) % 4 + 1, 0)  # 0 = whole year
    rate = rng.lognormal(0.3, 0.9, size=n_rows)
    rate = np.where(out["quarter"] > 0, rate / 4, rate)
    count = 1 + rng.poisson(rate)
    count[rng.random(n_rows) < 0.03] = -1  # documented but not counted
    out["count"] = count
    order = np.lexsort((out["field"], out["to"], out["from"], out["quarter"], out["year"]))
    return {k: v[order] for k, v in out.items()}


def _referral_frame(refs: dict[str, np.ndarray], ids: np.ndarray, y0: int) -> pd.DataFrame:
    """The referrals table, typed as the loader types it (vectorised; no per-row parsing)."""
    year = refs["year"].astype(np.int64) + y0
    quarter = refs["quarter"].astype(np.int64)
    n = year.size
    # label per distinct (year, quarter): few distinct values, so build them once
    code = year * 5 + quarter
    uniq, inverse = np.unique(code, return_inverse=True)
    u_year, u_quarter = uniq // 5, uniq % 5
    labels = np.array(
        [f"{y}-Q{q}" if q else f"{y}" for y, q in zip(u_year, u_quarter, strict=True)],
        dtype=object,
    )
    first_month = np.where(u_quarter > 0, 3 * u_quarter - 2, 1)
    last_month = np.where(u_quarter > 0, 3 * u_quarter, 12)
    u_start = pd.to_datetime(
        pd.DataFrame({"year": u_year, "month": first_month, "day": 1})
    ).to_numpy(dtype="datetime64[ns]")
    u_end = (
        pd.to_datetime(pd.DataFrame({"year": u_year, "month": last_month, "day": 1}))
        + pd.offsets.MonthEnd(0)
    ).to_numpy(dtype="datetime64[ns]")
    count = pd.array(refs["count"], dtype="Int64")
    count[refs["count"] < 0] = pd.NA
    fields = np.array(FIELDS, dtype=object)
    return pd.DataFrame(
        {
            "from_id": pd.array(ids[refs["from"]], dtype="string"),
            "to_id": pd.array(ids[refs["to"]], dtype="string"),
            "field": pd.array(fields[refs["field"]], dtype="string"),
            "period": pd.array(labels[inverse], dtype="string"),
            "count": count,
            "source_id": pd.array(np.full(n, SOURCE_ID, dtype=object), dtype="string"),
            "quote": pd.array(np.full(n, pd.NA, dtype=object), dtype="string"),
            "inferred": pd.array(np.zeros(n, dtype=bool), dtype="boolean"),
            "note": pd.array(np.full(n, pd.NA, dtype=object), dtype="string"),
            "period_start": u_start[inverse],
            "period_end": u_end[inverse],
        }
    )
