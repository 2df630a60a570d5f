"""Demo accounts; all share the password from the DEMO_PASSWORD setting."""

from __future__ import annotations

from registry.demo.records import DemoUser
from registry.models.vocab import Role

USERS: tuple[DemoUser, ...] = (
    DemoUser("innovator@utrecht.nl", "Sanne de Vries", "GM0344", Role.MEMBER),
    DemoUser("innovator@amsterdam.nl", "Daan Bakker", "GM0363", Role.MEMBER),
    DemoUser("innovator@rotterdam.nl", "Fatima El Amrani", "GM0599", Role.MEMBER),
    DemoUser("innovator@meppel.nl", "Jan Hofstee", "GM0119", Role.MEMBER),
    DemoUser("innovator@eindhoven.nl", "Lotte van den Heuvel", "GM0772", Role.MEMBER),
    DemoUser("innovator@groningen.nl", "Wiebe Kuipers", "GM0014", Role.MEMBER),
    DemoUser("curator@vng.nl", "Marieke Jansen", "vng", Role.CURATOR),
    DemoUser("admin@vng.nl", "Pieter Smit", "vng", Role.ADMIN),
)
