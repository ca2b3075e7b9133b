"""The synthetic Ressourcenbörse: offer and need cards with the planted need classes."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from netzwerk.synth._actors import _Actors, _fill
from netzwerk.synth._events import _wsample
from netzwerk.synth._params import (
    _OFFER_SECTORS,
    _SERVICE_SECTORS,
    ANONYMOUS_TOPIC,
    BRIDGE,
    SECTORS,
    SOURCE_ID,
    UNMET_TOPICS,
)
from netzwerk.synth._words import _CARD_TEXTS

# ---------------------------------------------------------------------------------------------
# Ressourcenbörse


def _make_cards(
    rng: np.random.Generator,
    actors: _Actors,
    part: dict[str, np.ndarray],
    refs: dict[str, np.ndarray],
    n_cards: int,
) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    n = len(actors.ids)
    n_ev = int(part["event"].max(initial=-1)) + 1
    incidence = sp.csr_matrix(
        (np.ones(part["actor"].size), (part["event"], part["actor"])), shape=(n_ev, n)
    )
    referral = sp.csr_matrix((np.ones(refs["from"].size), (refs["from"], refs["to"])), shape=(n, n))
    referral = (referral + referral.T).tocsr()

    def tied(mask: np.ndarray) -> np.ndarray:
        """Actors sharing an event or a referral row with any actor in ``mask`` (or in it)."""
        v = mask.astype(float)
        return (incidence.T @ (incidence @ v) + referral @ v > 0) | mask

    activity = actors.sector_weight(3) * rng.lognormal(0.0, 0.8, size=n)
    n_anonymous = max(1, round(0.04 * n_cards))
    n_needs = max(6, round(0.45 * n_cards))
    n_offers = n_cards - n_needs - n_anonymous
    offerable = [t for t in _CARD_TEXTS if t not in UNMET_TOPICS and t != ANONYMOUS_TOPIC]
    can_offer = ~actors.aggregate & ~actors.group
    can_offer[actors.index[BRIDGE]] = False  # so the bridged group never has a tied offerer
    cards: list[dict[str, Any]] = []

    def text(topic: str, kind: str) -> str:
        options = _CARD_TEXTS[topic][0 if kind == "offer" else 1]
        return _fill(options[rng.integers(len(options))], rng)

    offerers: dict[str, list[int]] = {t: [] for t in offerable}
    for _ in range(n_offers):
        topic = offerable[rng.integers(len(offerable))]
        sectors = _OFFER_SECTORS.get(topic, _SERVICE_SECTORS)
        allowed = can_offer & np.isin(actors.sector_code, [SECTORS.index(s) for s in sectors])
        a = int(_wsample(rng, activity, 1, allowed)[0])
        offerers[topic].append(a)
        cards.append({"actor": a, "kind": "offer", "topic": topic})
    for _ in range(n_anonymous):
        cards.append({"actor": -1, "kind": "offer", "topic": ANONYMOUS_TOPIC})

    may_need = ~actors.aggregate & ~np.isin(
        actors.sector_code, [SECTORS.index("politik"), SECTORS.index("land_bund_eu")]
    )
    candidates: dict[str, dict[str, np.ndarray]] = {"connected": {}, "unconnected": {}}
    for topic, who in offerers.items():
        if not who:
            continue
        offer_mask = np.zeros(n, dtype=bool)
        offer_mask[who] = True
        family = np.isin(actors.root, actors.root[who])
        conn = tied(offer_mask) & ~family & may_need
        forbidden = np.zeros(n, dtype=bool)
        forbidden[actors.root[tied(family)]] = True
        unconn = ~forbidden[actors.root] & may_need
        for status, cand in (("connected", conn), ("unconnected", unconn)):
            if cand.any():
                candidates[status][topic] = np.flatnonzero(cand)

    n_unmet = max(2, round(0.2 * n_needs))
    n_unconnected = max(2, round(0.3 * n_needs))
    targets = ["unmet"] * n_unmet + ["unconnected"] * n_unconnected
    targets += ["connected"] * (n_needs - len(targets))
    status_of: list[str] = []
    pool = np.flatnonzero(may_need)
    for status in targets:
        if status != "unmet" and not candidates[status]:
            status = "unmet"  # cannot happen with the planted group; kept for safety
        if status == "unmet":
            topic = UNMET_TOPICS[rng.integers(len(UNMET_TOPICS))]
            a = int(pool[rng.integers(pool.size)])
        else:
            topics = sorted(candidates[status])
            topic = topics[rng.integers(len(topics))]
            who = candidates[status][topic]
            a = int(who[rng.integers(who.size)])
        cards.append({"actor": a, "kind": "need", "topic": topic})
        status_of.append(status)

    order = rng.permutation(len(cards))
    width = max(3, len(str(len(cards))))
    rows = []
    need_status: dict[str, list[str]] = {"connected": [], "unconnected": [], "unmet": []}
    statuses = dict(zip(range(n_offers + n_anonymous, len(cards)), status_of, strict=True))
    for k, i in enumerate(order):
        card = cards[i]
        resource_id = f"karte-{k + 1:0{width}d}"
        anonymous = card["actor"] < 0
        rows.append(
            {
                "resource_id": resource_id,
                "actor_id": None if anonymous else actors.ids[card["actor"]],
                "attribution": "unknown"
                if anonymous
                else ("inferred" if rng.random() < 0.15 else "stated"),
                "kind": card["kind"],
                "topic": card["topic"],
                "text": text(card["topic"], card["kind"]),
                "source_id": SOURCE_ID,
            }
        )
        if card["kind"] == "need":
            need_status[statuses[int(i)]].append(resource_id)
    return pd.DataFrame(rows), {k: sorted(v) for k, v in need_status.items()}
