"""How long a pilot's texts may be and how many of a kind it may hold.

The columns (models/project.py), the service's checks (services/projects.py)
and the form's validators (web/projects/forms.py) all read these numbers, so
the three cannot disagree. Changing a column length needs a migration.
"""

from __future__ import annotations

SLUG = 120
TITLE = 200
SUMMARY = 300
# problem, approach, results, lessons: Text columns, so this is the only limit.
LONG_TEXT = 20_000
FUNDING_SOURCE = 200
URL = 500
LICENCE = 100
CONTACT_NAME = 200
EMAIL = 254  # the longest address SMTP delivers (RFC 5321)
HIDDEN_REASON = 2_000
BUDGET_EUROS = 2_000_000_000  # the column is a 32-bit integer on PostgreSQL

TAGS = 10
TAG = 50

INDICATORS = 30
INDICATOR_NAME = 200
INDICATOR_UNIT = 50

ATTACHMENT_FILENAME = 255
ATTACHMENT_TITLE = 200

QUESTION_BODY = 2_000
ANSWER_BODY = 5_000
