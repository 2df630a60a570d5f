"""All demo pilots, gathered from the themed modules."""

from __future__ import annotations

from registry.demo import pilots_city, pilots_services, pilots_social
from registry.demo.records import DemoPilot

PILOTS: tuple[DemoPilot, ...] = (
    *pilots_services.PILOTS,
    *pilots_social.PILOTS,
    *pilots_city.PILOTS,
)
