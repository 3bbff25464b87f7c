"""Specific embedded emissions (SEE) of every production process, per Regulation (EU) 2023/956 Annex IV.

For a process P with activity level AL_P (t of goods produced in the reporting period)::

    SEE_P,direct   = (AttrEm_P,direct   + Σ_i M_i · SEE_i,direct)   / AL_P
    SEE_P,indirect = (AttrEm_P,indirect + Σ_i M_i · SEE_i,indirect) / AL_P

(Implementing Regulation (EU) 2023/1773 Annex III, section F for the transitional period, refined for the
definitive period by Implementing Regulation (EU) 2025/2547), where ``AttrEm_direct`` is the sum of the direct
emissions attributed to P, ``AttrEm_indirect = Σ E_el · EF_el`` the electricity consumed times the factor used,
``M_i`` the mass of precursor i consumed and ``SEE_i`` its specific embedded emissions: the result of another
process of the installation (own precursor), the supplier's actual values (purchased) or the Commission's default
value (default). Own precursors are solved in dependency order (a cycle is refused).

The share from default values is the part of P's embedded emissions (direct + indirect) that comes from default
values, directly or through own precursors::

    share_P = Σ_i M_i · SEE_i,total · share_i / (SEE_P,total · AL_P)    with share_i = 1 for a default value,
                                                                        0 for a purchased one
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tanlu.carbon.cbam.defaults import DefaultValue, default_value, markup
from tanlu.carbon.cbam.model import EmissionSource, InstallationData, Precursor, PrecursorKind, Process
from tanlu.errors import InputError, NotFound

__all__ = ["DefaultComparison", "PrecursorUse", "ProcessResult", "calculate", "compare_with_defaults"]


@dataclass(frozen=True)
class PrecursorUse:
    """A precursor as it enters a process's result: its mass, SEE used and share from default values."""

    precursor: Precursor
    see_direct: float
    see_indirect: float
    default_share: float

    @property
    def embedded_direct(self) -> float:
        """M · SEE_direct (t CO2e)."""
        return self.precursor.quantity_t * self.see_direct

    @property
    def embedded_indirect(self) -> float:
        """M · SEE_indirect (t CO2e)."""
        return self.precursor.quantity_t * self.see_indirect

    @property
    def embedded_from_defaults(self) -> float:
        """The part of M · SEE_total that comes from default values (t CO2e)."""
        return (self.embedded_direct + self.embedded_indirect) * self.default_share


@dataclass(frozen=True)
class ProcessResult:
    """The specific embedded emissions of one process and everything they were made from."""

    process: Process
    sources: tuple[EmissionSource, ...]
    uses: tuple[PrecursorUse, ...]
    attributed_direct: float
    attributed_indirect: float
    see_direct: float
    see_indirect: float
    default_share: float

    @property
    def see_total(self) -> float:
        return self.see_direct + self.see_indirect

    @property
    def precursors_direct(self) -> float:
        """Σ M_i · SEE_i,direct (t CO2e)."""
        return sum(use.embedded_direct for use in self.uses)

    @property
    def precursors_indirect(self) -> float:
        """Σ M_i · SEE_i,indirect (t CO2e)."""
        return sum(use.embedded_indirect for use in self.uses)


@dataclass(frozen=True)
class DefaultComparison:
    """What the importer would declare on the Commission's default value instead of this result.

    Only direct emissions are counted for iron and steel and aluminium (Regulation (EU) 2023/956 Annex II), so the
    default with the year's mark-up is set against the actual SEE_direct.
    """

    value: DefaultValue
    year: int
    markup: float
    default_with_markup: float
    actual_direct: float

    @property
    def difference_per_t(self) -> float:
        """Default with mark-up minus actual SEE_direct (t CO2e per t of good)."""
        return self.default_with_markup - self.actual_direct


def _order(processes: Sequence[Process], precursors: Sequence[Precursor]) -> list[str]:
    """Process ids so that every own precursor's process comes before the processes consuming it (Kahn)."""
    needs: dict[str, set[str]] = {process.process_id: set() for process in processes}
    for precursor in precursors:
        if precursor.kind is PrecursorKind.OWN:
            needs[precursor.process_id].add(precursor.from_process)
    order: list[str] = []
    ready = [pid for pid, wanted in needs.items() if not wanted]
    while ready:
        done = ready.pop(0)
        order.append(done)
        for pid, wanted in needs.items():
            if done in wanted:
                wanted.discard(done)
                if not wanted and pid not in order and pid not in ready:
                    ready.append(pid)
    if len(order) != len(needs):
        stuck = sorted(pid for pid in needs if pid not in order)
        rows = [p for p in precursors if p.kind is PrecursorKind.OWN and p.process_id in stuck]
        where = rows[0].where if rows else None
        raise InputError(
            "own precursors form a cycle between processes "
            + ", ".join(stuck)
            + "; a process cannot consume "
            "its own output through other processes",
            file=where.file if where else None,
            sheet=where.sheet if where else None,
            row=where.row if where else None,
            column="from_process",
        )
    return order


def _use(precursor: Precursor, solved: Mapping[str, ProcessResult]) -> PrecursorUse:
    if precursor.kind is PrecursorKind.OWN:
        source = solved[precursor.from_process]
        return PrecursorUse(precursor, source.see_direct, source.see_indirect, source.default_share)
    share = 1.0 if precursor.kind is PrecursorKind.DEFAULT else 0.0
    return PrecursorUse(precursor, precursor.see_direct, precursor.see_indirect, share)


def calculate(data: InstallationData) -> tuple[ProcessResult, ...]:
    """Every process's SEE (direct, indirect) and share from default values, in the order of the input."""
    by_id = {process.process_id: process for process in data.processes}
    solved: dict[str, ProcessResult] = {}
    for pid in _order(data.processes, data.precursors):
        process = by_id[pid]
        sources = tuple(source for source in data.emissions if source.process_id == pid)
        uses = tuple(_use(p, solved) for p in data.precursors if p.process_id == pid)
        direct = sum(source.direct_tco2e for source in sources)
        indirect = sum(source.indirect_tco2e for source in sources)
        embedded_direct = direct + sum(use.embedded_direct for use in uses)
        embedded_indirect = indirect + sum(use.embedded_indirect for use in uses)
        embedded = embedded_direct + embedded_indirect
        from_defaults = sum(use.embedded_from_defaults for use in uses)
        solved[pid] = ProcessResult(
            process=process,
            sources=sources,
            uses=uses,
            attributed_direct=direct,
            attributed_indirect=indirect,
            see_direct=embedded_direct / process.production_t,
            see_indirect=embedded_indirect / process.production_t,
            default_share=from_defaults / embedded if embedded > 0 else 0.0,
        )
    return tuple(solved[process.process_id] for process in data.processes)


def compare_with_defaults(result: ProcessResult, country: str, year: int) -> DefaultComparison | str:
    """The comparison with the default value for the good's CN code and ``country``, or why there is none."""
    rate = markup(year)
    try:
        value = default_value(result.process.cn_code, country)
    except NotFound as error:
        return str(error)
    return DefaultComparison(
        value=value,
        year=year,
        markup=rate,
        default_with_markup=value.with_markup(year),
        actual_direct=result.see_direct,
    )
