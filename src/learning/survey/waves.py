"""Which survey waves a gathering's report may use, so an old report can be re-rendered unchanged.

A wave is ``baseline`` (before the first gathering) or the id of the gathering it was collected
before. A report for gathering G uses the baseline and the waves of every gathering on or before
G's date: answers collected for later gatherings never leak into it.
"""

from __future__ import annotations

import pandas as pd

from learning.network import Network
from learning.problems import UserError
from learning.survey.schema import BASELINE


def waves_until(network: Network, gathering_id: str) -> list[str]:
    """``baseline``, then the gatherings dated on or before ``gathering_id``'s, by date."""
    known = {g.id: g for g in network.gatherings}
    if gathering_id not in known:
        raise UserError(
            f"gathering={gathering_id!r}: ingen slik samling i nettverket {network.id!r}. "
            f"Kjente samlinger: {', '.join(known)}."
        )
    last = known[gathering_id].date
    return [BASELINE, *(g.id for g in network.gatherings_in_order if g.date <= last)]


def responses_until(responses: pd.DataFrame, network: Network, gathering_id: str) -> pd.DataFrame:
    """The responses of the waves :func:`waves_until` allows (the same rows on any later day)."""
    allowed = waves_until(network, gathering_id)
    if "wave" not in responses.columns:
        return responses.iloc[0:0].copy()
    return responses[responses["wave"].isin(allowed)].copy()
