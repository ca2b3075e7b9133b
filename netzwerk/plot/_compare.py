"""The city comparison's heatmap: each city's share of brokerage by sector (German labels)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from netzwerk.plot._style import house_style

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_brokerage_shares"]


@house_style
def plot_brokerage_shares(
    shares: pd.DataFrame, *, ax: Axes | None = None, digits: int = 2, title: str | None = None
) -> Figure:
    """Draw the share of brokerage by sector, one row per city, as an annotated heatmap.

    Parameters
    ----------
    shares : pandas.DataFrame
        One row per city (index: city name), one column per sector code, values 0–1: e.g.
        ``pd.DataFrame({n: brokerage_by_sector(tables[n]) for n in names}).T.fillna(0)``
        (:func:`netzwerk.report.brokerage_by_sector`). A NaN cell stays blank.
    ax : matplotlib.axes.Axes, optional
        Draw into this axes; default a new figure sized to the table.
    digits : int, default 2
        Decimals of the numbers in the cells (decimal comma).
    title : str, optional
        Title above the heatmap; default none.

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the heatmap (``ax.figure`` when ``ax`` is given). The x axis is
        "Sektor" with the German sector labels, the colour bar "Anteil der Vermittlung"
        (scale 0 to 1, blues).

    Raises
    ------
    ValueError
        If ``shares`` is empty or holds a value outside 0–1.

    See Also
    --------
    netzwerk.report.brokerage_by_sector : The shares of one city.
    netzwerk.plot_brokerage_roles : The roles behind the shares, per actor.

    Examples
    --------
    >>> shares = pd.DataFrame({"mso": [0.75, 0.0], "wohlfahrt": [0.25, 1.0]}, index=["A", "B"])
    >>> fig = plot_brokerage_shares(shares)
    >>> [t.get_text() for t in fig.axes[0].get_xticklabels()]
    ['Migrantenorganisationen', 'Wohlfahrtsverbände']
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt

    from netzwerk.vocab import label

    if shares.empty:
        raise ValueError("shares is empty: no city or no sector to show")
    values = shares.astype(float).to_numpy()
    finite = values[np.isfinite(values)]
    if ((finite < 0) | (finite > 1)).any():
        raise ValueError("shares must lie between 0 and 1")
    if ax is None:
        height = 1.2 + 0.55 * len(shares)
        _, ax = plt.subplots(figsize=(max(6.0, 1.6 * shares.shape[1] + 2.5), height))
    image = ax.imshow(np.ma.masked_invalid(values), cmap="Blues", vmin=0, vmax=1, aspect="auto")
    ax.grid(False)  # the house grid would cross every cell through its value
    for (i, j), value in np.ndenumerate(values):
        if not np.isfinite(value):
            continue
        text = f"{value:.{digits}f}".replace(".", ",")
        ax.text(j, i, text, ha="center", va="center", color="white" if value > 0.6 else "black")
    ax.set_xticks(range(shares.shape[1]))
    ax.set_xticklabels([label("sectors", str(c), "de") for c in shares.columns])
    ax.set_yticks(range(len(shares)))
    ax.set_yticklabels([str(i) for i in shares.index])
    ax.set_xlabel("Sektor")
    ax.set_ylabel("")
    if title:
        ax.set_title(title)
    bar = ax.figure.colorbar(image, ax=ax)
    bar.set_label("Anteil der Vermittlung")
    return ax.figure
